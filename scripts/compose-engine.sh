#!/usr/bin/env bash
# A Docker engine with Compose v2 for 'make compose-test'.
#
#   scripts/compose-engine.sh ensure   exit 0: an engine answers (started here if need be)
#                                      exit 3: no engine can be had; one line on stdout says why
#   scripts/compose-engine.sh stop     stops the engine 'ensure' started (by its pid), and only that
#
# An engine that already runs is used as it is and never stopped. Where none runs, the install and
# start are Debian-specific (the CI path, run as root): Debian's docker.io and debootstrap with apt,
# and Compose v2 and buildx, which Debian packages only from trixie on, downloaded with a private apt
# state (the system's sources stay as they are) and copied into the Docker CLI plugin folder.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/compose-lib.sh

STATE_DIR=${COMPOSE_TEST_DIR:-target/compose-test}
PID_FILE="${STATE_DIR}/dockerd.pid"
PLUGIN_DIR=/usr/libexec/docker/cli-plugins

engine_up() { docker info >/dev/null 2>&1; }
compose_v2() { docker compose version >/dev/null 2>&1; }
debian_root() { [ "$(id -u)" -eq 0 ] && [ -f /etc/debian_version ] && command -v apt-get >/dev/null 2>&1; }

# Debian-specific: Compose v2 and buildx from trixie, without adding trixie to the system's sources.
install_compose_plugin() {
  local tmp mirror
  tmp=$(mktemp -d)
  chmod 755 "$tmp" # apt downloads as the _apt user
  mirror=$(debian_mirror)
  mkdir -p "$tmp/state/lists/partial" "$tmp/cache/archives/partial" "$tmp/etc/sources.list.d" "$tmp/x"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${mirror} trixie main" >"$tmp/etc/sources.list"
  local opts=(-o "Dir::State=$tmp/state" -o "Dir::Cache=$tmp/cache" -o "Dir::Etc::sourcelist=$tmp/etc/sources.list"
    -o "Dir::Etc::sourceparts=$tmp/etc/sources.list.d" -o "Dir::State::status=/var/lib/dpkg/status" -qq)
  apt-get "${opts[@]}" update >/dev/null
  (cd "$tmp" && apt-get "${opts[@]}" download docker-compose docker-buildx >/dev/null)
  for deb in "$tmp"/*.deb; do dpkg-deb -x "$deb" "$tmp/x"; done
  mkdir -p "$PLUGIN_DIR"
  cp "$tmp/x/usr/libexec/docker/cli-plugins/docker-compose" "$tmp/x/usr/libexec/docker/cli-plugins/docker-buildx" "$PLUGIN_DIR/"
  rm -rf "$tmp"
}

# Debian-specific: the engine and debootstrap (for the base images) from the system's sources.
install_engine() {
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    docker.io debootstrap iptables ca-certificates >/dev/null
}

ensure() {
  mkdir -p "$STATE_DIR"
  if ! command -v dockerd >/dev/null 2>&1 && ! engine_up; then
    if ! debian_root; then
      echo "no Docker engine runs here (one is installed and started only on Debian, as root)"
      exit 3
    fi
    echo "Installing Debian's docker.io and debootstrap (Debian-specific CI path)..."
    install_engine
  fi
  if ! engine_up; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "the Docker engine is not running, and only root can start it here"
      exit 3
    fi
    if command -v iptables-save >/dev/null 2>&1; then
      iptables-save >"${STATE_DIR}/iptables.before" 2>/dev/null || true
    fi
    if ip link show docker0 >/dev/null 2>&1; then
      echo yes >"${STATE_DIR}/docker0.before"
    else
      rm -f "${STATE_DIR}/docker0.before"
    fi
    echo "Starting dockerd (log: ${STATE_DIR}/dockerd.log)..."
    dockerd >"${STATE_DIR}/dockerd.log" 2>&1 &
    echo $! >"$PID_FILE"
    for _ in $(seq 120); do
      engine_up && break
      kill -0 "$(cat "$PID_FILE")" 2>/dev/null || break
      sleep 0.5
    done
    if ! engine_up; then
      echo "dockerd did not start; last lines of ${STATE_DIR}/dockerd.log:" >&2
      tail -n 20 "${STATE_DIR}/dockerd.log" >&2
      stop
      exit 1
    fi
  fi
  if ! compose_v2; then
    if ! debian_root; then
      echo "the Docker engine has no Compose v2 plugin ('docker compose'); install it"
      exit 3
    fi
    echo "Installing Compose v2 and buildx from Debian trixie (private apt state; Debian-specific CI path)..."
    install_compose_plugin
  fi
  docker buildx version >/dev/null 2>&1 || { debian_root && install_compose_plugin; } || true
}

stop() {
  [ -f "$PID_FILE" ] || return 0
  local pid
  pid=$(cat "$PID_FILE")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 60); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    echo "Stopped the dockerd this run started (pid ${pid})."
  fi
  rm -f "$PID_FILE"
  # What the engine changed on the host: its bridge and its firewall rules.
  if [ ! -f "${STATE_DIR}/docker0.before" ] && ip link show docker0 >/dev/null 2>&1; then
    ip link delete docker0 2>/dev/null || true
  fi
  if [ -f "${STATE_DIR}/iptables.before" ] && command -v iptables-restore >/dev/null 2>&1; then
    iptables-restore <"${STATE_DIR}/iptables.before" 2>/dev/null || true
    rm -f "${STATE_DIR}/iptables.before"
  fi
}

case "${1:-}" in
  ensure) ensure ;;
  stop) stop ;;
  *) echo "usage: $0 ensure|stop" >&2; exit 2 ;;
esac
