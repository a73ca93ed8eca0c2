#!/usr/bin/env bash
# Checks, and where it can installs, what Fanout Lab needs on this machine.
#
#   scripts/tools.sh demo    what 'make demo' and the labs need: a JDK 17+, python3, curl,
#                            moto_server (the local AWS emulator) and the AWS CLI
#   scripts/tools.sh test    (the default) all of the above, plus what 'make test' needs:
#                            promtool, cfn-lint, shellcheck and headless Chromium with its driver
#   scripts/tools.sh check   installs nothing: one screen saying whether this laptop is ready
#                            ('make check')
#
# Python tools are looked for on PATH first (a preinstalled moto_server wins), then in the
# project's own virtual environment .venv/ (gitignored). Where missing, they are installed into
# .venv/: pip refuses to install into a system Python on PEP 668 distributions (Debian 12,
# Ubuntu 23.04+), and a virtual environment needs no root. The Makefile puts .venv/bin at the
# end of PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-test}
VENV=${VENV:-$PWD/.venv}
PATH="$PATH:$VENV/bin"
export PATH

# have COMMAND: COMMAND is on PATH (including .venv/bin).
have() { command -v "$1" >/dev/null 2>&1; }

java_version() {
  java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}'
}

# venv_install COMMAND PACKAGE: install PACKAGE into .venv (created on first use) for COMMAND.
venv_install() {
  local command=$1 package=$2
  echo "$command not found; installing $package into $VENV (a project-local virtual environment)..."
  if [ ! -x "$VENV/bin/pip" ]; then
    python3 -m venv "$VENV" || {
      echo "Could not create $VENV: install Python's venv module (Debian/Ubuntu: apt-get install python3-venv)," >&2
      echo "or install $package yourself (pipx install '$package', brew install ...)." >&2
      exit 1
    }
  fi
  "$VENV/bin/pip" install --quiet "$package" || {
    echo "Could not install $package (no network to PyPI?). Install it by hand and put '$command' on PATH." >&2
    exit 1
  }
  hash -r
  have "$command" || { echo "$package installed, but $command is not in $VENV/bin." >&2; exit 1; }
}

# apt_install COMMAND HINT PACKAGE...: install Debian packages for COMMAND, as root or with sudo.
apt_install() {
  local command=$1 hint=$2; shift 2
  echo "$command not found; installing Debian's $* ..."
  if [ "$(id -u)" -eq 0 ] && have apt-get; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  elif have sudo && have apt-get; then
    sudo apt-get update -qq >/dev/null && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  fi
  hash -r
  have "$command" || { echo "$hint" >&2; exit 1; }
}

demo_tools() {
  local version
  version=$(java_version)
  if [ -z "${version}" ] || [ "${version%%.*}" -lt 17 ]; then
    echo "Fanout Lab needs JDK 17 or later (found: ${version:-none})." >&2
    exit 1
  fi
  have python3 || { echo "Fanout Lab needs python3 (moto_server and the labs' helpers use it)." >&2; exit 1; }
  have curl || { echo "Fanout Lab needs curl." >&2; exit 1; }
  have moto_server || venv_install moto_server 'moto[server]>=5.1,<6'
  have aws || venv_install aws awscli
}

test_tools() {
  # promtool checks the Prometheus configuration of the classroom stack (Debian package 'prometheus').
  have promtool || apt_install promtool "Install promtool (Debian/Ubuntu: apt-get install prometheus; macOS: brew install prometheus)." prometheus

  # Headless Chromium and its driver run the console's browser test.
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    if [ -z "${CHROME_BIN:-}" ] || [ -z "${CHROMEDRIVER:-}" ]; then
      apt_install chromedriver "Install chromium and chromium-driver, or set CHROME_BIN and CHROMEDRIVER." chromium chromium-driver
    fi
  fi

  # cfn-lint checks the CloudFormation templates in infra/.
  have cfn-lint || venv_install cfn-lint 'cfn-lint>=1,<2'

  # The scripts are checked with shellcheck (Debian package 'shellcheck'; macOS: brew install shellcheck).
  have shellcheck || apt_install shellcheck "Install shellcheck (Debian/Ubuntu: apt-get install shellcheck; macOS: brew install shellcheck)." shellcheck
}

# check: is this laptop ready? One line per need, for each of the two ways in (README: In the
# classroom), installs nothing. Ready when either way is.
check() {
  local jdk=true docker=true version line port compose_version
  ok() { echo "  ✔ $1"; }
  no() { echo "  ✘ $1"; eval "$2=false"; }
  echo "Fanout Lab: is this laptop ready for the labs?"
  echo "With Docker only (docker compose up; labs: docker compose run --rm toolbox lab 04):"
  if have docker && docker info >/dev/null 2>&1; then
    ok "Docker engine ($(docker version --format '{{.Server.Version}}' 2>/dev/null))"
    compose_version=$(docker compose version --short 2>/dev/null || true)
    case $compose_version in
      2.2[0-9]* | 2.[3-9][0-9]* | [3-9].*) ok "Docker Compose ${compose_version}" ;;
      *) no "Docker Compose v2.20 or later (found: ${compose_version:-none}): update Docker Desktop, or install the compose plugin" docker ;;
    esac
  elif have docker; then
    no "Docker is installed but its engine does not answer: start Docker Desktop (or the docker service)" docker
  else
    no "Docker: install Docker Desktop (macOS, Windows) or Docker Engine with the compose plugin (Linux)" docker
  fi
  echo "With a JDK only (make demo; labs: source docs/labs/lab.sh):"
  version=$(java_version 2>/dev/null || true)
  if [ -n "$version" ] && [ "${version%%.*}" -ge 17 ]; then ok "JDK ${version} ($(command -v java))"; else no "JDK 17+ (found: ${version:-none}): install Temurin 17 or 21" jdk; fi
  if have python3; then ok "python3 ($(python3 -c 'import sys; print(sys.version.split()[0])'))"; else no "python3: install Python 3" jdk; fi
  if have curl; then ok "curl"; else no "curl" jdk; fi
  if have moto_server; then
    ok "moto_server ($(command -v moto_server))"
  else
    no "moto_server: 'make tools-demo' installs moto into .venv/ (needs PyPI)" jdk
  fi
  if have aws; then
    line=$(aws --version 2>&1 | head -n 1)
    ok "AWS CLI (${line%% *})"
  else
    no "AWS CLI: 'make tools-demo' installs it into .venv/ (needs PyPI)" jdk
  fi
  echo "Ports both ways use (127.0.0.1):"
  for port in 4566 3025 8025 9411 8080 8081 8082 8090; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      no "port $port is in use (a demo or stack already running? make stop / docker compose down, or stop what uses it)" jdk
      docker=false
    else
      ok "port $port is free"
    fi
  done
  if [ "$docker" = true ] && [ "$jdk" = true ]; then
    echo "Ready both ways: 'docker compose up --build --wait', or 'make demo' (docs/labs/README.md)."
  elif [ "$docker" = true ]; then
    echo "Ready with Docker: 'docker compose up --build --wait', then 'docker compose run --rm toolbox lab 01'."
  elif [ "$jdk" = true ]; then
    echo "Ready with the JDK: 'make demo', then 'source docs/labs/lab.sh' and 'lab 01'."
  else
    echo "Not ready either way: fix the ✘ lines of one of them (README: In the classroom)."
    return 1
  fi
}

case $mode in
  demo) demo_tools ;;
  test) demo_tools; test_tools ;;
  check) check ;;
  *) echo "usage: scripts/tools.sh demo|test|check" >&2; exit 2 ;;
esac
