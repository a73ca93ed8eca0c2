#!/usr/bin/env bash
# make demo: the whole Fanout Lab suite on this machine, without Docker.
# moto_server emulates SNS, SQS and DynamoDB on 127.0.0.1:4566; GreenMail is the SMTP
# server; Zipkin collects the traces (127.0.0.1:9411, in memory); the three services and the
# console run from their jars with the 'local' profile, listening on ${BIND_ADDRESS}
# (loopback unless told otherwise, see scripts/lib.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

scripts/stop.sh >/dev/null
mkdir -p "$RUN_DIR"
for port in "$AWS_PORT" "$SMTP_PORT" "$MAIL_API_PORT" "$ZIPKIN_PORT" 8080 8081 8082 8090; do
  port_free "$port" || { echo "Port ${port} is in use; stop what uses it (or run 'make stop') and retry." >&2; exit 1; }
done

echo "==> Building (the first build downloads dependencies; later ones take a minute)"
./mvnw -q -B -DskipTests package
greenmail_jar="${RUN_DIR}/greenmail-standalone-${GREENMAIL_VERSION}.jar"
[ -f "$greenmail_jar" ] || ./mvnw -q -B dependency:copy \
  -Dartifact="com.icegreen:greenmail-standalone:${GREENMAIL_VERSION}" -DoutputDirectory="$RUN_DIR"
zipkin_jar="${RUN_DIR}/zipkin-server-${ZIPKIN_VERSION}-exec.jar"
[ -f "$zipkin_jar" ] || ./mvnw -q -B dependency:copy \
  -Dartifact="io.zipkin:zipkin-server:${ZIPKIN_VERSION}:jar:exec" -DoutputDirectory="$RUN_DIR"

export AWS_ENDPOINT_URL="http://127.0.0.1:${AWS_PORT}" AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 \
  AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test

echo "==> Starting the AWS emulator (moto_server) on ${AWS_ENDPOINT_URL}"
start moto moto_server -H 127.0.0.1 -p "$AWS_PORT"
wait_for moto "${AWS_ENDPOINT_URL}/moto-api/" 30

echo "==> Provisioning the topology: topic, queues, dead-letter queues, subscriptions, tables"
java -jar topology/target/topology-*-cli.jar >"${RUN_DIR}/topology.env" 2>"${RUN_DIR}/provision.log" || {
  cat "${RUN_DIR}/provision.log" >&2
  exit 1
}
# shellcheck disable=SC1090,SC1091
. "${RUN_DIR}/topology.env"
export ORDERS_TOPIC_ARN ORDERS_FIFO_TOPIC_ARN

echo "==> Starting the SMTP server (GreenMail) on 127.0.0.1:${SMTP_PORT}"
start greenmail java -Xmx128m -Dgreenmail.setup.test.smtp -Dgreenmail.hostname=127.0.0.1 \
  -Dgreenmail.auth.disabled -Dgreenmail.api.hostname=127.0.0.1 -Dgreenmail.api.port="$MAIL_API_PORT" \
  -jar "$greenmail_jar"
wait_for greenmail "http://127.0.0.1:${MAIL_API_PORT}/api/service/readiness" 30

echo "==> Starting the trace backend (Zipkin, in memory) on 127.0.0.1:${ZIPKIN_PORT}"
start zipkin java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$zipkin_jar" \
  "--armeria.ports[0].ip=127.0.0.1" "--armeria.ports[0].port=${ZIPKIN_PORT}" "--armeria.ports[0].protocols[0]=http"
wait_for zipkin "http://127.0.0.1:${ZIPKIN_PORT}/health" 90
export ZIPKIN_ENDPOINT="http://127.0.0.1:${ZIPKIN_PORT}/api/v2/spans"

echo "==> Starting producer-service, consumer-service, notifier-service and the console"
jvm=(java -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1)
for service in producer-service consumer-service notifier-service console; do
  SMTP_PORT="$SMTP_PORT" start "$service" "${jvm[@]}" -jar "${service}"/target/"${service}"-*.jar \
    --spring.profiles.active=local --server.address="$BIND_ADDRESS"
done
case "$BIND_ADDRESS" in 0.0.0.0 | :: | '[::]') here=127.0.0.1 ;; *) here=$BIND_ADDRESS ;; esac
wait_for producer-service "http://${here}:8080/actuator/health"
wait_for consumer-service "http://${here}:8081/actuator/health"
wait_for notifier-service "http://${here}:8082/actuator/health"
wait_for console "http://${here}:8090/actuator/health"

cat <<MSG

Fanout Lab is running on ${BIND_ADDRESS}. Open the console: http://localhost:8090

  producer-service   http://localhost:8080   POST /api/orders
  consumer-service   http://localhost:8081   GET  /api/orders/{orderId}
  notifier-service   http://localhost:8082   GET  /api/notifications?orderId={orderId}
  console            http://localhost:8090   the classroom console (watch, pause, poison, redrive)
  AWS emulator       ${AWS_ENDPOINT_URL}   (moto_server: SNS, SQS, DynamoDB)
  mailbox (GreenMail) http://127.0.0.1:${MAIL_API_PORT}/api/user/ada@example.com/messages/INBOX
  traces (Zipkin)    http://127.0.0.1:${ZIPKIN_PORT}/zipkin/   every request, publish, receive, AWS call and email
  logs               ${RUN_DIR}/*.log

Place an order:

  curl -i -X POST localhost:8080/api/orders -H 'Content-Type: application/json' \\
    -d '{"customerEmail":"ada@example.com","items":[{"sku":"BOOK-42","quantity":2,"unitPrice":12.50}]}'

Then, with the orderId from the answer:

  curl localhost:8081/api/orders/<orderId>
  curl 'localhost:8082/api/notifications?orderId=<orderId>'
  curl http://127.0.0.1:${MAIL_API_PORT}/api/user/ada@example.com/messages/INBOX

Follow the order in Zipkin: http://127.0.0.1:${ZIPKIN_PORT}/zipkin/ , "Run query", open the
producer-service POST /api/orders trace (or paste the traceId of a log line in ${RUN_DIR}/*.log).

An order whose customer opted out is fulfilled but never reaches the notifier (filter policy):

  curl -X POST localhost:8080/api/orders -H 'Content-Type: application/json' \\
    -d '{"customerEmail":"grace@example.com","notifyCustomer":false,"items":[{"sku":"MUG-7","quantity":1,"unitPrice":8}]}'

Look at the queues with the AWS CLI (credentials: test/test, region us-east-1):

  AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 \\
    aws --endpoint-url ${AWS_ENDPOINT_URL} sqs get-queue-attributes --attribute-names All \\
    --queue-url ${AWS_ENDPOINT_URL}/123456789012/order-fulfilment-dlq

Stop everything with: make stop
MSG
