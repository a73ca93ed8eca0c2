#!/usr/bin/env bash
# make stop: stops what 'make demo' started, services first (graceful shutdown).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
# The services stop in parallel: each drains its in-flight messages (graceful shutdown).
for name in console producer-service consumer-service notifier-service; do
  stop "$name" &
done
wait
for name in zipkin greenmail moto; do
  stop "$name"
done
