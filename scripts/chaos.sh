#!/usr/bin/env bash
# make chaos: the fault run. Places N orders (default 2000) at RATE per second (default 5)
# on a topology of its own (moto_server, GreenMail, producer, two consumer-service
# instances, one notifier-service, all on 127.0.0.1 and free ports) while consumer
# instances are SIGKILLed about every KILL_EVERY (default 20s), the notifier is SIGKILLed
# once and moto_server is frozen (SIGSTOP) for FREEZE (default 5s); then counts every
# effect in the stores and ends with one line:
#   chaos: accepted=A fulfilled=F notified=M expected_notified=E poison_in_dlq=P lost=0 fulfilled_twice=0 emailed_twice=0
# Exits non-zero on any loss, double effect or poison message outside its DLQ.
# Figures: system-tests/target/chaos/figures.txt; service logs next to it.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

orders=${N:-2000}
rate=${RATE:-5}
kill_every=${KILL_EVERY:-20s}
freeze=${FREEZE:-5s}
drain_timeout=${DRAIN_TIMEOUT:-300s}
result=system-tests/target/chaos/result.txt
figures=system-tests/target/chaos/figures.txt
rm -f "$result" "$figures"

extra=()
[ -n "${SEED:-}" ] && extra+=("-Dchaos.seed=${SEED}")
[ -n "${SABOTAGE:-}" ] && extra+=("-Dchaos.sabotage=${SABOTAGE}")

./mvnw -B -ntp -q -pl system-tests -am verify \
  -Dit.test=ChaosIntegrationTests -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dchaos.orders="$orders" -Dchaos.rate="$rate" -Dchaos.killEvery="$kill_every" \
  -Dchaos.freeze="$freeze" -Dchaos.drainTimeout="$drain_timeout" ${extra[@]+"${extra[@]}"}
status=$?

echo
if [ -f "$figures" ]; then
  echo "Figures (${figures}):"
  grep -v '^chaos: ' "$figures" | sed 's/^/  /'
fi
if [ -f "$result" ]; then
  cat "$result"
else
  echo "chaos: no verdict: the run did not finish (see system-tests/target/failsafe-reports and system-tests/target/chaos/*.log)"
  [ "$status" -ne 0 ] || status=1
fi
exit "$status"
