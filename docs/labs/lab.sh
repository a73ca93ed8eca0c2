# shellcheck shell=bash
# Helpers for the Fanout Lab labs. In a terminal at the repository root:  source docs/labs/lab.sh
# Every observation helper (is, at_least, at_most, eventually, status, fails_with) prints one line
# on standard error: ✔ with what it saw, or ✘ with what it expected and what it got.
# Defaults fit 'make demo' and the compose stack's host ports (ZIPKIN: the trace backend's API); the toolbox
# (docker compose run --rm toolbox) sets them to the services' names on the stack's network.
# LAB_PATH says which path runs the labs: demo (make demo, the default) or compose (the toolbox).

# The AWS CLI, if scripts/tools.sh installed it into the project's .venv/ (after what PATH has).
if [ -d .venv/bin ]; then
  case ":$PATH:" in *":$PWD/.venv/bin:"*) ;; *) PATH="$PATH:$PWD/.venv/bin" ;; esac
fi

: "${PRODUCER:=http://localhost:8080}"
: "${CONSUMER:=http://localhost:8081}"
: "${NOTIFIER:=http://localhost:8082}"
: "${CONSOLE:=http://localhost:8090}"
: "${AWS_ENDPOINT:=http://localhost:4566}"
: "${MAILBOX:=http://localhost:8025}"
: "${ZIPKIN:=http://127.0.0.1:9411}"
: "${LAB_PATH:=demo}"
LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1

# awsl ARGS...: the AWS CLI, pointed at the local emulator.
awsl() { aws --endpoint-url "$AWS_ENDPOINT" "$@"; }

# queue_url NAME: the URL of a queue.
queue_url() { awsl sqs get-queue-url --queue-name "$1" --query QueueUrl --output text; }

# url_of QUEUE: QUEUE's URL; QUEUE is a name or already a URL (one AWS call fewer).
url_of() { case $1 in http://* | https://*) echo "$1" ;; *) queue_url "$1" ;; esac; }

# depth QUEUE [ATTRIBUTE]: messages in a queue (default: visible ones). QUEUE: name or URL.
depth() {
  awsl sqs get-queue-attributes --queue-url "$(url_of "$1")" \
    --attribute-names "${2:-ApproximateNumberOfMessages}" --query "Attributes.${2:-ApproximateNumberOfMessages}" --output text
}

# in_flight QUEUE: messages received and neither deleted nor visible again.
in_flight() { depth "$1" ApproximateNumberOfMessagesNotVisible; }

# depths QUEUE: visible and in-flight messages in one look, e.g. "visible=0 in_flight=1".
depths() {
  awsl sqs get-queue-attributes --queue-url "$(url_of "$1")" \
    --attribute-names ApproximateNumberOfMessages ApproximateNumberOfMessagesNotVisible \
    --query 'Attributes.[ApproximateNumberOfMessages,ApproximateNumberOfMessagesNotVisible]' --output text |
    awk '{print "visible=" $1 " in_flight=" $2}'
}

# field NAME: one field of the JSON object on standard input.
field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

# json PATH: the value at a dotted PATH (Body.items.0.sku) of the JSON on standard input; a
# string holding JSON, such as an SQS message Body, is read as JSON on the way.
json() {
  python3 -c '
import json, sys
value = json.load(sys.stdin)
for key in sys.argv[1].split("."):
    if isinstance(value, str):
        value = json.loads(value)
    value = value[int(key)] if isinstance(value, list) else value[key]
print(value if isinstance(value, str) else json.dumps(value))' "$1"
}

# order EMAIL [NOTIFY] [SKU]: place an order, print its orderId.
order() {
  curl -sf -X POST "$PRODUCER/api/orders" -H 'Content-Type: application/json' \
    -d "{\"customerEmail\":\"$1\",\"notifyCustomer\":${2:-true},\"items\":[{\"sku\":\"${3:-BOOK-42}\",\"quantity\":1,\"unitPrice\":12.50}]}" |
    field orderId
}

# listener SERVICE_URL QUEUE JSON: change a service's listener (pause, resume, slow down). A
# pause returns once the listener has stopped: the endpoint answers within 2 s, but a stop waits for
# in-flight messages and for a long poll already on its way (whose messages are still processed).
listener() {
  curl -sf -X POST "$1/actuator/listeners/$2" -H 'Content-Type: application/json' -d "$3" >/dev/null || return 1
  case $3 in *'"running": false'* | *'"running":false'*) WITHIN=60 eventually paused "$1" "$2" ;; esac
}

# listeners SERVICE_URL JSON: change all of a service's listeners at once (a reader has one per
# lane: its standard queue and its .fifo twin); a pause returns once all have stopped.
listeners() {
  curl -sf -X POST "$1/actuator/listeners" -H 'Content-Type: application/json' -d "$2" >/dev/null || return 1
  case $2 in *'"running": false'* | *'"running":false'*) WITHIN=60 eventually paused "$1" ;; esac
}

# paused SERVICE_URL [ID]: the service's listener ID (default: every listener) has stopped.
paused() {
  curl -sf "$1/actuator/listeners" | python3 -c '
import json, sys
wanted = sys.argv[1:]
listeners = [l for l in json.load(sys.stdin) if not wanted or l["id"] in wanted]
busy = [l["id"] for l in listeners if l["running"]]
if not listeners or busy:
    sys.exit("still running: " + (", ".join(busy) or "no such listener"))
' "${@:2}"
}

# console METHOD PATH [JSON]: call the console's API as its page does: a JSON body ({} unless
# given) and, when the console has an access token, CONSOLE_ACCESS_TOKEN. Prints the answer.
console() {
  local method=$1 path=$2 body=${3:-'{}'} out code
  set -- -H 'Content-Type: application/json'
  if [ -n "${CONSOLE_ACCESS_TOKEN:-}" ]; then set -- "$@" -H "Authorization: Bearer ${CONSOLE_ACCESS_TOKEN}"; fi
  out=$(curl -sS -X "$method" "$CONSOLE$path" "$@" -d "$body" -w '\n%{http_code}') || return 1
  code=${out##*$'\n'}
  out=${out%$'\n'*}
  case $code in
    2??) if [ -n "$out" ]; then echo "$out"; fi ;;
    *) echo "✘ console $method $path: HTTP $code $out" >&2; return 1 ;;
  esac
}

# eventually COMMAND...: retry COMMAND for up to WITHIN seconds (default 30) until it succeeds
# (what you should observe); if it never does, show what the last try said.
eventually() {
  local deadline=$((SECONDS + ${WITHIN:-30})) out
  until out=$("$@" 2>&1); do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "✘ not observed within ${WITHIN:-30}s: $*" >&2
      if [ -n "$out" ]; then echo "  last try: $out" >&2; fi
      return 1
    fi
    sleep 0.5
  done
  echo "✔ $*" >&2
}

# is EXPECTED COMMAND...: COMMAND prints EXPECTED; else says what it printed.
is() {
  local expected=$1 got; shift
  got=$("$@") || { echo "✘ $*: failed (expected ${expected})" >&2; return 1; }
  if [ "$got" = "$expected" ]; then echo "✔ $*: ${got}" >&2; return 0; fi
  echo "✘ $*: expected ${expected}, got ${got:-nothing}" >&2
  return 1
}

# at_least N COMMAND...: COMMAND prints a number >= N; else says what it printed.
at_least() { _compare ge "$@"; }

# at_most N COMMAND...: COMMAND prints a number <= N; else says what it printed.
at_most() { _compare le "$@"; }

_compare() {
  local op=$1 n=$2 got; shift 2
  got=$("$@") || { echo "✘ $*: failed" >&2; return 1; }
  case $got in
    '' | *[!0-9]*) echo "✘ $*: expected a number, got ${got:-nothing}" >&2; return 1 ;;
  esac
  local ok=false words='at most'
  if [ "$op" = ge ]; then
    words='at least'
    if [ "$got" -ge "$n" ]; then ok=true; fi
  elif [ "$got" -le "$n" ]; then
    ok=true
  fi
  if [ "$ok" = true ]; then
    echo "✔ $*: ${got} (expected ${words} ${n})" >&2
    return 0
  fi
  echo "✘ $*: expected ${words} ${n}, got ${got}" >&2
  return 1
}

# status CODE curl ARGS...: the HTTP request answers CODE; prints the answer's body. Unlike
# '! curl -f', a server that is down (no answer at all) or a different error does not pass.
status() {
  local expected=$1 got body; shift
  if [ "${1:-}" != curl ]; then echo "usage: status CODE curl ARGS..." >&2; return 2; fi
  body=$(mktemp "${TMPDIR:-/tmp}/fanout-lab-body.XXXXXX")
  got=$("$@" -s -o "$body" -w '%{http_code}') || true
  if [ "$got" = "$expected" ]; then
    echo "✔ $*: HTTP ${got}" >&2
    cat "$body"
    rm -f "$body"
    return 0
  fi
  echo "✘ $*: expected HTTP ${expected}, got ${got:-no answer} $(head -c 500 "$body")" >&2
  rm -f "$body"
  return 1
}

# fails_with TEXT COMMAND...: COMMAND fails with an error that says TEXT (not just any error:
# a typo or an emulator that is down fails too). Prints the error.
fails_with() {
  local text=$1 out; shift
  if out=$("$@" 2>&1); then
    echo "✘ $*: succeeded, expected an error saying '${text}'" >&2
    return 1
  fi
  case $out in
    *"$text"*) echo "✔ $*: failed with '${text}'" >&2; echo "$out"; return 0 ;;
  esac
  echo "✘ $*: failed, but not with '${text}': ${out}" >&2
  return 1
}

# drains_with_at_most_in_flight N QUEUE: waits (up to WITHIN s, default 60) until QUEUE holds
# nothing, visible or in flight, looking again and again: fails if it ever sees more than N in
# flight. Prints the most it saw.
drains_with_at_most_in_flight() {
  local n=$1 url most=0 now deadline=$((SECONDS + ${WITHIN:-60})) visible in_flight
  url=$(url_of "$2")
  while :; do
    now=$(depths "$url")
    visible=${now#visible=}; visible=${visible%% *}
    in_flight=${now##*in_flight=}
    if [ "$in_flight" -gt "$most" ]; then most=$in_flight; fi
    if [ "$in_flight" -gt "$n" ]; then
      echo "✘ $2: ${in_flight} in flight, expected at most ${n}" >&2
      return 1
    fi
    if [ "$visible" -eq 0 ] && [ "$in_flight" -eq 0 ]; then
      echo "✔ $2 drained; at most ${most} in flight (expected at most ${n})"
      return 0
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "✘ $2 not drained within ${WITHIN:-60}s: ${now}" >&2
      return 1
    fi
  done
}

# processed SERVICE_URL OUTCOME: how many messages the service counted with that outcome
# (success, duplicate, retried, failed).
processed() {
  curl -s "$1/actuator/prometheus" |
    awk -v outcome="outcome=\"$2\"" 'index($0, "fanoutlab_messages_processed_total") == 1 && index($0, outcome) {s += $2} END {print int(s)}'
}

# emails_about EMAIL ORDER_ID: how many emails in EMAIL's mailbox (GreenMail's API at $MAILBOX)
# are about the order (their subject names its first 8 characters).
emails_about() {
  curl -sf "$MAILBOX/api/user/$1/messages/INBOX" |
    python3 -c 'import json, sys; print(sum(1 for m in json.load(sys.stdin) if sys.argv[1] in m.get("subject", "")))' "${2:0:8}"
}

# length: the number of items in the JSON array on standard input.
length() { python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }

# topic_arn: the ARN of the 'orders' topic.
topic_arn() { awsl sns list-topics --query "Topics[?ends_with(TopicArn, ':orders')].TopicArn | [0]" --output text; }

# new_trace_id: a random W3C trace id (32 hex digits), to start a trace of your own.
new_trace_id() { python3 -c 'import secrets; print(secrets.token_hex(16))'; }

# traceparent TRACE_ID: a W3C traceparent that puts a request or message into trace TRACE_ID:
# 00-<trace id>-<a new 16-hex-digit parent span id>-01 (01: sampled).
traceparent() { echo "00-$1-$(python3 -c 'import secrets; print(secrets.token_hex(8))')-01"; }

# now_ms: milliseconds since the epoch, as Zipkin's API counts (endTs, lookback).
now_ms() { python3 -c 'import time; print(int(time.time() * 1000))'; }

# hops TRACE_ID: the trace's spans as Zipkin ($ZIPKIN) has them so far, as a tree (a child under
# its parent, indented): service, kind (SERVER, PRODUCER, CONSUMER, CLIENT), name, and (error)
# for a span that ended in an error. Fails while
# Zipkin knows no span of it (the services report spans in batches, about every second).
hops() {
  curl -sf "$ZIPKIN/api/v2/trace/$1" | python3 -c '
import json, sys
spans = sorted(json.load(sys.stdin), key=lambda s: s.get("timestamp", 0))
ids = {s["id"] for s in spans}
def show(parent, depth):
    for s in spans:
        if (s.get("parentId") if s.get("parentId") in ids else None) == parent:
            print("%s%-17s %-9s %s%s" % ("  " * depth, s.get("localEndpoint", {}).get("serviceName", "?"), s.get("kind", "-"),
                                         s.get("name", ""), "  (error)" if "error" in s.get("tags", {}) else ""))
            show(s["id"], depth + 1)
show(None, 0)'
}

# hop TRACE_ID SERVICE NAME: trace TRACE_ID holds a span NAME of SERVICE (hop T notifier-service
# "smtp send"); else fails, saying which spans of SERVICE it holds.
hop() {
  curl -sf "$ZIPKIN/api/v2/trace/$1" | python3 -c '
import json, sys
names = [s.get("name", "") for s in json.load(sys.stdin) if s.get("localEndpoint", {}).get("serviceName") == sys.argv[1]]
if sys.argv[2] not in names:
    sys.exit("no span %r of %s in the trace, only: %s" % (sys.argv[2], sys.argv[1], ", ".join(sorted(set(names))) or "none"))' "$2" "$3"
}

# new_traces SERVICE SINCE_MS: the trace ids (one a line) of the traces that STARTED at a listener
# of SERVICE since SINCE_MS (now_ms): their first span is SERVICE's receive (CONSUMER), with no
# parent. A listener starts one for every message that arrives without a traceparent.
new_traces() {
  local now
  now=$(now_ms)
  curl -sf "$ZIPKIN/api/v2/traces?serviceName=$1&endTs=$now&lookback=$((now - $2 + 1000))&limit=1000" | python3 -c '
import json, sys
for trace in json.load(sys.stdin):
    if any(s.get("localEndpoint", {}).get("serviceName") == sys.argv[1] and "parentId" not in s
           and s.get("kind") == "CONSUMER" and s.get("timestamp", 0) >= int(sys.argv[2]) * 1000 for s in trace):
        print(trace[0]["traceId"])' "$1" "$2"
}

# console_trace ID: the trace id the console's timeline shows for the event whose orderId or
# eventId is ID (a message without an event id shows as its SNS MessageId); "none" when it came
# without a traceparent; fails while the timeline does not have it.
console_trace() {
  curl -sf "$CONSOLE/api/snapshot" | python3 -c '
import json, sys
found = [e for e in json.load(sys.stdin)["timeline"] if sys.argv[1] in (e["orderId"], e["eventId"])]
if not found:
    sys.exit("not in the timeline: " + sys.argv[1])
print(found[0].get("traceId") or "none")' "$1"
}

# replica_urls SERVICE PORT: one URL per running replica of SERVICE, as the stack's DNS answers
# (one address per replica). Only inside the toolbox; under 'make demo' there is one of each.
replica_urls() {
  python3 -c '
import socket, sys
addresses = sorted({info[4][0] for info in socket.getaddrinfo(sys.argv[1], None, socket.AF_INET)})
print(" ".join("http://%s:%s" % (address, sys.argv[2]) for address in addresses))' "$1" "$2"
}

# words ARGS...: how many arguments (is 3 words $INSTANCES).
words() { echo $#; }

# lab reset (or lab_reset): the starting point of every lab, so that the labs work in any order
# and back to back. In the toolbox, first takes consumer-service and notifier-service back to one
# replica each (lab 06 adds some). Then puts every listener of both readers (both lanes) back to
# running with no processing delay, waits until the readers' queues, standard and FIFO, hold
# nothing (visible or in flight; up to WITHIN s, default 90: a message a lab received by hand comes
# back after its visibility timeout), then empties their dead-letter queues and the webhook's.
# On AWS a purge takes up to 60 s, and a second purge of a queue within 60 s fails with
# PurgeQueueInProgress (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_PurgeQueue.html):
# lab reset purges only a DLQ that holds something, takes PurgeQueueInProgress as "already being
# emptied", and waits until the DLQ is empty. moto purges at once and never refuses.
lab_reset() {
  local service queue
  echo "lab reset: one replica each, listeners running, slow-downs off, queues drained, dead-letter queues empty" >&2
  if [ "$LAB_PATH" = compose ]; then
    for service in consumer-service notifier-service; do
      _one_replica "$service" || return 1
    done
  fi
  for service in "$CONSUMER" "$NOTIFIER"; do
    listeners "$service" '{"running": true, "processingDelay": "PT0S"}' || {
      echo "✘ lab reset: no answer from $service (is the system running: 'make demo' or 'docker compose up'? are CONSUMER and NOTIFIER right?)" >&2
      return 1
    }
  done
  for queue in order-fulfilment order-notifications order-fulfilment.fifo order-notifications.fifo; do
    WITHIN=${WITHIN:-90} eventually is "visible=0 in_flight=0" depths "$queue" || return 1
  done
  for queue in order-fulfilment-dlq order-notifications-dlq order-fulfilment-dlq.fifo order-notifications-dlq.fifo order-webhook-dlq; do
    _purge "$queue" || return 1
  done
}

# _one_replica SERVICE: SERVICE back to one replica (toolbox only). Needs the Docker socket; without
# it, says which command to run on the host when there is more than one.
_one_replica() {
  if [ -S /var/run/docker.sock ]; then
    replicas.py scale "$1" 1
    return
  fi
  local count
  # shellcheck disable=SC2046 # one word per replica
  count=$(words $(replica_urls "$1" 0))
  if [ "$count" -gt 1 ]; then
    echo "✘ lab reset: ${count} replicas of $1 and no Docker socket to scale it back; on the host: docker compose up -d --scale $1=1" >&2
    return 1
  fi
}

# _purge QUEUE: empty QUEUE, within AWS's rule of one purge per queue per 60 s.
_purge() {
  local url out
  url=$(queue_url "$1") || return 1
  if [ "$(depths "$url")" = "visible=0 in_flight=0" ]; then
    echo "✔ $1 is empty" >&2
    return 0
  fi
  echo "  purging $1 ($(depths "$url"))" >&2
  if ! out=$(awsl sqs purge-queue --queue-url "$url" 2>&1); then
    case $out in
      *PurgeQueueInProgress*) echo "  $1: a purge is already under way (AWS allows one per queue per 60 s); waiting for it" >&2 ;;
      *) echo "✘ purge $1: $out" >&2; return 1 ;;
    esac
  fi
  WITHIN=60 eventually is "visible=0 in_flight=0" depths "$url"
}

# lab_file NN: the lab's file (docs/labs/NN-*.md).
lab_file() {
  local file
  for file in "$LAB_DIR/$1"-*.md; do
    if [ -f "$file" ]; then echo "$file"; return 0; fi
  done
  echo "✘ no lab $1 (lab list)" >&2
  return 1
}

# lab_commands FILE: the lab's terminal steps, as one script: every ```bash block, in order, but
# those marked 'norun' (the reader runs them elsewhere, e.g. on the host), and of those marked
# 'demo' or 'compose' only the ones for this LAB_PATH.
lab_commands() {
  awk -v path="$LAB_PATH" '
    /^```bash/ {
      tags = substr($0, 8); inside = 1
      run = (tags !~ /norun/) && (tags !~ /demo|compose/ || index(tags, path) > 0)
      next
    }
    /^```/ && inside { inside = 0; next }
    inside && run { print }
  ' "$1"
}

# lab_run NN: runs lab NN's terminal steps in a shell of their own (set -euo pipefail), from the
# repository root, as 'make test' does; stops at the first ✘.
lab_run() {
  local file started=$SECONDS
  file=$(lab_file "$1") || return 1
  case $(lab_commands "$file" | head -n 2 | tr '\n' ' ') in
    "source docs/labs/lab.sh lab reset ") ;;
    *) echo "✘ $(basename "$file") must start with 'source docs/labs/lab.sh' and 'lab reset' (the labs run in any order)" >&2; return 1 ;;
  esac
  echo "━━ lab $(basename "$file" .md) (${LAB_PATH} path)" >&2
  if (cd "$LAB_DIR/../.." && bash -c "set -euo pipefail
$(lab_commands "$file")"); then
    echo "━━ lab $1 passed in $((SECONDS - started)) s" >&2
  else
    echo "━━ ✘ lab $1 failed after $((SECONDS - started)) s" >&2
    return 1
  fi
}

# lab COMMAND: lab reset | lab NN [NN...] | lab all | lab list | lab scale SERVICE N | lab help
lab() {
  case ${1:-} in
    reset) lab_reset ;;
    [0-9][0-9])
      local number
      for number in "$@"; do
        lab_run "$number" || return 1
      done
      ;;
    all)
      local file
      for file in "$LAB_DIR"/[0-9][0-9]-*.md; do
        lab_run "$(basename "$file" | cut -c1-2)" || return 1
      done
      ;;
    list)
      local file
      for file in "$LAB_DIR"/[0-9][0-9]-*.md; do
        echo "$(basename "$file" .md): $(head -n 1 "$file" | sed 's/^# //')"
      done
      ;;
    scale)
      if [ "$LAB_PATH" != compose ]; then
        echo "✘ lab scale runs in the toolbox (docker compose run --rm toolbox); under make demo, lab 06 starts a second instance from its jar" >&2
        return 1
      fi
      replicas.py scale "${2:?lab scale SERVICE N}" "${3:?lab scale SERVICE N}"
      ;;
    *)
      cat >&2 <<'TEXT'
lab reset             the starting point of every lab (the labs start with it)
lab NN [NN...]        run lab NN's terminal steps (lab 04), printing ✔/✘ for every observation
lab all               every lab, back to back
lab list              the labs
lab scale SERVICE N   N replicas of SERVICE (toolbox only; lab 06)
TEXT
      [ "${1:-}" = help ]
      ;;
  esac
}
