# shellcheck shell=bash
# shellcheck disable=SC2034 # variables used by the scripts that source this file
# Shared by the demo scripts: where state lives and how processes start and stop.
RUN_DIR=${RUN_DIR:-.run}
AWS_PORT=${AWS_PORT:-4566}
SMTP_PORT=${SMTP_PORT:-3025}
MAIL_API_PORT=${MAIL_API_PORT:-8025}
GREENMAIL_VERSION=2.1.13
# The trace backend of 'make demo': Zipkin's exec jar (in-memory storage), from Maven Central.
ZIPKIN_PORT=${ZIPKIN_PORT:-9411}
ZIPKIN_VERSION=3.6.1
# Where the services and the console listen. Loopback by default: the console has no login, so
# nothing on the network may reach it. For a class on a shared network, prefer the compose stack
# with CONSOLE_ACCESS_TOKEN set (README: The console); BIND_ADDRESS=0.0.0.0 opens 'make demo' too.
BIND_ADDRESS=${BIND_ADDRESS:-127.0.0.1}
# moto_server and the AWS CLI that scripts/tools.sh installed into the project's .venv/, after
# whatever PATH already has (a preinstalled moto_server wins).
PATH="$PATH:$PWD/.venv/bin"
export PATH

# start NAME COMMAND...: runs COMMAND in the background, logs to $RUN_DIR/NAME.log.
start() {
  local name=$1; shift
  nohup "$@" >"${RUN_DIR}/${name}.log" 2>&1 &
  echo $! >"${RUN_DIR}/${name}.pid"
}

# wait_for NAME URL [SECONDS]: waits until URL answers 2xx, or fails showing NAME's log.
wait_for() {
  local name=$1 url=$2 seconds=${3:-120}
  for _ in $(seq "$((seconds * 2))"); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$(cat "${RUN_DIR}/${name}.pid")" 2>/dev/null; then
      echo "${name} exited; last lines of ${RUN_DIR}/${name}.log:" >&2
      tail -n 30 "${RUN_DIR}/${name}.log" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "${name} did not answer at ${url} within ${seconds}s; see ${RUN_DIR}/${name}.log" >&2
  return 1
}

# stop NAME: SIGTERM (graceful shutdown), then SIGKILL after 40 s.
stop() {
  local name=$1 pidfile="${RUN_DIR}/$1.pid"
  [ -f "$pidfile" ] || return 0
  local pid
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 80); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -9 "$pid" 2>/dev/null || true
    echo "stopped ${name}"
  fi
  rm -f "$pidfile"
}

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
