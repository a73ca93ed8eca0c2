#!/usr/bin/env bash
# make bench: the services side by side with a raw AWS SDK v2 harness on the same backends
# (ElasticMQ embedded for SQS, one moto_server for DynamoDB, another for SNS), in alternating
# rounds; prints a table of ratios and writes it to target/bench/results.md.
# Sizes: BENCH_ROUNDS (3), BENCH_MESSAGES (1000 per drain), BENCH_ORDERS (1000 per publish run).
# BENCH_JDK25: the home of a JDK 25 for the runtime lever (default: /usr/lib/jvm/temurin-25*, if any).
set -euo pipefail
cd "$(dirname "$0")/.."

mkdir -p target
rounds=${BENCH_ROUNDS:-3}
messages=${BENCH_MESSAGES:-1000}
orders=${BENCH_ORDERS:-1000}
jdk25=${BENCH_JDK25:-}
if [ -z "$jdk25" ]; then
  for candidate in /usr/lib/jvm/temurin-25*; do
    [ -x "${candidate}/bin/java" ] && jdk25=$candidate
  done
fi
command -v moto_server >/dev/null 2>&1 || PATH="${PATH}:$(pwd)/.venv/bin"
command -v moto_server >/dev/null 2>&1 || { echo "moto_server is missing: run 'make tools-demo'" >&2; exit 1; }

echo "==> Building the service jars and the bench, then running ${rounds} round(s) (unit tests skipped)"
echo "    JDK 25 for the runtime lever: ${jdk25:-none (set BENCH_JDK25)}"
# -Dit.test selects the full bench in the bench module and no integration test elsewhere.
./mvnw -B -ntp -pl bench -am verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=FullBenchIntegrationTests -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dbench.rounds="$rounds" -Dbench.messages="$messages" -Dbench.orders="$orders" -Dbench.jdk25="$jdk25" \
  >target/bench.log 2>&1 || {
  tail -n 60 target/bench.log >&2
  echo "make bench failed; the whole log: target/bench.log" >&2
  exit 1
}
grep '^\[bench ' target/bench.log || true
echo
cat target/bench/results.md
echo
echo "Written to target/bench/results.md; service logs in target/bench/"
