#!/usr/bin/env bash
# Checks, and where it can installs, what Fanout Lab needs on this machine:
# a JDK 17+, and moto_server (the local AWS emulator, a Python package).
set -euo pipefail

java_version=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
if [ -z "${java_version}" ] || [ "${java_version%%.*}" -lt 17 ]; then
  echo "Fanout Lab needs JDK 17 or later (found: ${java_version:-none})." >&2
  exit 1
fi

if ! command -v moto_server >/dev/null 2>&1; then
  echo "moto_server not found; installing moto[server] with pip..."
  python3 -m pip install --quiet 'moto[server]>=5.1,<6' || {
    echo "Could not install moto. Install it by hand: python3 -m pip install 'moto[server]'" >&2
    exit 1
  }
  hash -r
fi
command -v moto_server >/dev/null 2>&1 || {
  echo "moto_server is installed but not on PATH; add pip's script directory to PATH." >&2
  exit 1
}
