# shellcheck shell=bash
# Helpers for the Fanout Lab labs. In a terminal at the repository root:  source docs/labs/lab.sh
# Defaults fit 'make demo'. With 'docker compose up', set CONSUMER and NOTIFIER first (docs/labs/README.md).

: "${PRODUCER:=http://localhost:8080}"
: "${CONSUMER:=http://localhost:8081}"
: "${NOTIFIER:=http://localhost:8082}"
: "${CONSOLE:=http://localhost:8090}"
: "${AWS_ENDPOINT:=http://localhost:4566}"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1

# awsl ARGS...: the AWS CLI, pointed at the local emulator.
awsl() { aws --endpoint-url "$AWS_ENDPOINT" "$@"; }

# queue_url NAME: the URL of a queue.
queue_url() { awsl sqs get-queue-url --queue-name "$1" --query QueueUrl --output text; }

# depth NAME [ATTRIBUTE]: messages in a queue (default: visible ones).
depth() {
  awsl sqs get-queue-attributes --queue-url "$(queue_url "$1")" \
    --attribute-names "${2:-ApproximateNumberOfMessages}" --query "Attributes.${2:-ApproximateNumberOfMessages}" --output text
}

# field NAME: one field of the JSON object on standard input.
field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

# order EMAIL [NOTIFY] [SKU]: place an order, print its orderId.
order() {
  curl -sf -X POST "$PRODUCER/api/orders" -H 'Content-Type: application/json' \
    -d "{\"customerEmail\":\"$1\",\"notifyCustomer\":${2:-true},\"items\":[{\"sku\":\"${3:-BOOK-42}\",\"quantity\":1,\"unitPrice\":12.50}]}" |
    field orderId
}

# listener SERVICE_URL QUEUE JSON: change a service's listener (pause, resume, slow down).
listener() {
  curl -sf -X POST "$1/actuator/listeners/$2" -H 'Content-Type: application/json' -d "$3" >/dev/null
}

# eventually COMMAND...: retry COMMAND for up to 30 s until it succeeds (what you should observe).
eventually() {
  local deadline=$((SECONDS + ${WITHIN:-30}))
  until "$@" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "Not observed within ${WITHIN:-30}s: $*" >&2
      return 1
    fi
    sleep 0.5
  done
}

# is EXPECTED COMMAND...: COMMAND prints EXPECTED.
is() { local expected=$1; shift; [ "$("$@")" = "$expected" ]; }

# at_least N COMMAND...: COMMAND prints a number >= N.
at_least() { local n=$1; shift; [ "$("$@")" -ge "$n" ]; }

# processed SERVICE_URL OUTCOME: how many messages the service counted with that outcome
# (success, duplicate, retried, failed).
processed() {
  curl -s "$1/actuator/prometheus" |
    awk -v outcome="outcome=\"$2\"" 'index($0, "fanoutlab_messages_processed_total") == 1 && index($0, outcome) {s += $2} END {print int(s)}'
}

# length: the number of items in the JSON array on standard input.
length() { python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }

# topic_arn: the ARN of the 'orders' topic.
topic_arn() { awsl sns list-topics --query "Topics[?ends_with(TopicArn, ':orders')].TopicArn | [0]" --output text; }
