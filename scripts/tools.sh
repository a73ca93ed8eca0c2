#!/usr/bin/env bash
# Checks, and where it can installs, what Fanout Lab needs on this machine:
# a JDK 17+, moto_server (the local AWS emulator), promtool, cfn-lint and shellcheck (checks of the
# deployments and scripts),
# and headless Chromium with its driver (the console's browser test).
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
# promtool checks the Prometheus configuration of the classroom stack (Debian package 'prometheus').
if ! command -v promtool >/dev/null 2>&1; then
  echo "promtool not found; installing Debian's prometheus package..."
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  elif command -v sudo >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    sudo apt-get update -qq >/dev/null && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  fi
  command -v promtool >/dev/null 2>&1 || { echo "Install promtool (Debian/Ubuntu: apt-get install prometheus)." >&2; exit 1; }
fi

# Headless Chromium and its driver run the console's browser test.
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  if [ -z "${CHROME_BIN:-}" ] || [ -z "${CHROMEDRIVER:-}" ]; then
    echo "Chromium not found; installing Debian's chromium and chromium-driver packages..."
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
      apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
    elif command -v sudo >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
      sudo apt-get update -qq >/dev/null && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
    fi
    [ -x /usr/bin/chromedriver ] || { echo "Install chromium and chromium-driver, or set CHROME_BIN and CHROMEDRIVER." >&2; exit 1; }
  fi
fi

# cfn-lint checks the CloudFormation templates in infra/.
if ! command -v cfn-lint >/dev/null 2>&1; then
  echo "cfn-lint not found; installing it with pip..."
  python3 -m pip install --quiet 'cfn-lint>=1,<2' || { echo "Install cfn-lint: python3 -m pip install cfn-lint" >&2; exit 1; }
  hash -r
fi

# The scripts are checked with shellcheck (Debian package 'shellcheck'; macOS: brew install shellcheck).
if ! command -v shellcheck >/dev/null 2>&1; then
  echo "shellcheck not found; installing Debian's shellcheck package..."
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends shellcheck >/dev/null
  elif command -v sudo >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    sudo apt-get update -qq >/dev/null && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends shellcheck >/dev/null
  fi
  command -v shellcheck >/dev/null 2>&1 || { echo "Install shellcheck (Debian/Ubuntu: apt-get install shellcheck; macOS: brew install shellcheck)." >&2; exit 1; }
fi

# The labs use the AWS CLI against the emulator.
if ! command -v aws >/dev/null 2>&1; then
  echo "AWS CLI not found; installing it with pip..."
  python3 -m pip install --quiet awscli || { echo "Install the AWS CLI." >&2; exit 1; }
  hash -r
fi

command -v moto_server >/dev/null 2>&1 || {
  echo "moto_server is installed but not on PATH; add pip's script directory to PATH." >&2
  exit 1
}
