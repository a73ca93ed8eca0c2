#!/usr/bin/env bash
# make stop: stops what 'make demo' started, services first (graceful shutdown).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
for name in producer-service consumer-service notifier-service greenmail moto; do
  stop "$name"
done
