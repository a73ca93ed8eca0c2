#!/usr/bin/env bash
# make test: the Maven build (format and style checks, unit, integration, system and deployment
# tests) and the compose stack test (scripts/compose-test.sh --if-engine) side by side. They share
# nothing but the machine (free ports each, their own emulators), and most of either is waiting on
# services, so together they take little more than the longer of the two. compose-test's output
# is printed when both are done (and kept in target/compose-test.log). Fails if either fails.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target
log=target/compose-test.log
started=$SECONDS
scripts/compose-test.sh --if-engine >"$log" 2>&1 &
compose_pid=$!
# Interrupted: compose-test takes its stack down and stops the engine it started (its EXIT trap).
trap 'kill "$compose_pid" 2>/dev/null || true' INT TERM
maven_status=0
./mvnw -B -ntp verify || maven_status=$?
maven_seconds=$((SECONDS - started))
compose_status=0
wait "$compose_pid" || compose_status=$?
echo "---------------- compose-test (also in ${log}) ----------------"
cat "$log"
echo "make test: Maven build $([ "$maven_status" -eq 0 ] && echo passed || echo FAILED) in ${maven_seconds} s;" \
  "compose-test $([ "$compose_status" -eq 0 ] && echo passed || echo FAILED); $((SECONDS - started)) s in all"
[ "$maven_status" -eq 0 ] && [ "$compose_status" -eq 0 ]
