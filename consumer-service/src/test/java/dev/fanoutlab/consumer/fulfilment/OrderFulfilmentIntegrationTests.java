package dev.fanoutlab.consumer.fulfilment;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import dev.fanoutlab.contracts.ContractSchemas;
import dev.fanoutlab.logging.LogSanitizer;
import dev.fanoutlab.testsupport.Http;
import dev.fanoutlab.testsupport.LocalAws;
import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fulfilment from the real {@code order-fulfilment} queue of the local AWS backend, with
 * its real redrive policy (maxReceiveCount 3) and DynamoDB table.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "fanout-lab.listener.initial-backoff=1s", "spring.cloud.aws.sqs.listener.poll-timeout=2s",
				"fanout-lab.listener.depth-interval=500ms" })
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class OrderFulfilmentIntegrationTests {

	static final LocalAws aws = LocalAws.get();

	@DynamicPropertySource
	static void aws(DynamicPropertyRegistry registry) {
		aws.registerProperties(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	@Autowired
	MeterRegistry meters;

	@Autowired
	FlakyWarehouse warehouse;

	@Autowired
	MessageListenerContainerRegistry listeners;

	RestClient http;

	@BeforeEach
	void startClean() {
		aws.reset();
		this.http = Http.client(this.port);
	}

	@Test
	void fulfilsAPublishedOrderAndServesItsRecord() {
		UUID orderId = UUID.randomUUID();
		assertThat(status(orderId)).isEqualTo(HttpStatus.NOT_FOUND);

		publish(event(orderId, UUID.randomUUID(), "BOOK-42"));

		await().untilAsserted(() -> assertThat(status(orderId)).isEqualTo(HttpStatus.OK));
		JsonNode record = this.http.get().uri("/api/orders/{id}", orderId).retrieve().body(JsonNode.class);
		assertThat(record.get("units").asInt()).isEqualTo(2);
		assertThat(record.get("total").decimalValue()).isEqualByComparingTo("25.00");
	}

	@Test
	void acceptsEveryContractExampleIgnoringUnknownFields() {
		List<String> examples = ContractSchemas.orderPlacedExamples();
		examples.forEach(this::publish);

		for (String example : examples) {
			UUID orderId = UUID.fromString(this.json.readTree(example).get("orderId").asString());
			await().untilAsserted(() -> assertThat(status(orderId)).isEqualTo(HttpStatus.OK));
		}
	}

	@Test
	void fulfilsTheSameEventDeliveredTwiceOnlyOnce() {
		double fulfilled = count("success");
		double duplicates = count("duplicate");
		String event = event(UUID.randomUUID(), UUID.randomUUID(), "MUG-7");

		publish(event);
		publish(event);

		await().untilAsserted(() -> assertThat(count("duplicate") - duplicates).isEqualTo(1));
		assertThat(count("success") - fulfilled).isEqualTo(1);
		assertThat(aws.messages("order-fulfilment")).isZero();
	}

	@Test
	void fulfilsTheSameEventDeliveredTwiceAtTheSameMomentOnlyOnce() {
		double fulfilled = count("success");
		double duplicates = count("duplicate");
		UUID orderId = UUID.randomUUID();
		String event = event(orderId, UUID.randomUUID(), "MUG-7");
		// Both deliveries wait in the warehouse until the other arrived: both passed the
		// look-up before either recorded, so only the conditional put can tell them
		// apart.
		CountDownLatch bothArrived = this.warehouse.holdUntilArrived(orderId, 2);

		sendRaw(event, "twice");
		sendRaw(event, "twice");

		await().atMost(Duration.ofSeconds(60)).until(() -> bothArrived.getCount() == 0);
		await().untilAsserted(() -> assertThat(count("duplicate") - duplicates).isEqualTo(1));
		assertThat(count("success") - fulfilled).as("fulfilled").isEqualTo(1);
		assertThat(fulfilmentRecords(orderId)).isEqualTo(1);
		await().untilAsserted(() -> assertThat(aws.messages("order-fulfilment")).isZero());
		assertThat(aws.messages("order-fulfilment-dlq")).isZero();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "total 1e999999999", "total -1e-999999999", "total 1e50", "total with 3 decimals",
			"quantity 1e999999999", "quantity 1001", "occurredAt centuries ago", "occurredAt next year",
			"currency XXX" })
	void movesAnEventWithNumbersOutOfRangeToTheDeadLetterQueueWithoutRetries(String poison) {
		double failed = count("failed");
		double retried = count("retried");
		double fulfilled = count("success");
		UUID orderId = UUID.randomUUID();
		ObjectNode event = (ObjectNode) this.json.readTree(event(orderId, UUID.randomUUID(), "BOOK-42"));
		ObjectNode line = (ObjectNode) event.get("items").get(0);
		String body = switch (poison) {
			case "total 1e999999999" ->
				event.put("total", 0).toString().replace("\"total\":0", "\"total\":1e999999999");
			case "total -1e-999999999" ->
				event.put("total", 0).toString().replace("\"total\":0", "\"total\":-1e-999999999");
			case "total 1e50" -> event.put("total", 0).toString().replace("\"total\":0", "\"total\":1e50");
			case "total with 3 decimals" -> event.put("total", new BigDecimal("25.001")).toString();
			case "quantity 1e999999999" -> {
				line.put("quantity", 7);
				yield event.toString().replace("\"quantity\":7", "\"quantity\":1e999999999");
			}
			case "quantity 1001" -> {
				line.put("quantity", 1001);
				yield event.toString();
			}
			case "occurredAt centuries ago" -> event.put("occurredAt", "1700-01-01T00:00:00Z").toString();
			case "occurredAt next year" ->
				event.put("occurredAt", Instant.now().plus(Duration.ofDays(365)).toString()).toString();
			default -> event.put("currency", "XXX").toString();
		};

		sendRaw(body, poison.replace(' ', '-'));

		Message dead = await().atMost(Duration.ofSeconds(60))
			.until(() -> receiveOne("order-fulfilment-dlq"), (message) -> message != null);
		assertThat(dead.body()).isEqualTo(body);
		assertThat(count("failed") - failed).as("permanent failures, one per receive")
			.isEqualTo(aws.topology().subscription("order-fulfilment").maxReceiveCount());
		assertThat(count("retried") - retried).as("transient failures").isZero();
		assertThat(count("success") - fulfilled).isZero();
		assertThat(status(orderId)).isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void logsAPoisonBodyOnceEscapedAndTruncatedAndForgesNoLogLine(CapturedOutput output) {
		String marker = "MARKER" + UUID.randomUUID().toString().replace("-", "");
		String body = "not json " + marker + "\r\n2026-01-01T00:00:00.000Z  INFO [correlationId=x] FORGED-LINE by "
				+ "ada.lovelace@example.com\n" + "x".repeat(5000);
		String unknownSku = event(UUID.randomUUID(), UUID.randomUUID(), "NOT-STOCKED").replace("\"NOT-STOCKED\"",
				"\"NOT-STOCKED\\r\\nFORGED-SKU-LINE\"");

		UUID goodOrder = UUID.randomUUID();

		sendRaw(body, "forged-body");
		sendRaw(unknownSku, "forged-sku");
		// A correlation id is logged with every line of a message's processing.
		sendRaw(event(goodOrder, UUID.randomUUID(), "BOOK-42"), "ok\r\nFORGED-CORRELATION-LINE");

		await().untilAsserted(() -> assertThat(status(goodOrder)).isEqualTo(HttpStatus.OK));
		await().atMost(Duration.ofSeconds(60)).until(() -> aws.messages("order-fulfilment-dlq") == 2);
		String logs = output.getAll();
		assertThat(logs.lines()).noneMatch((l) -> l.startsWith("2026-01-01T00:00:00.000Z"))
			.noneMatch((l) -> l.startsWith("FORGED"))
			.noneMatch((l) -> l.contains("FORGED-CORRELATION-LINE"));
		assertThat(logs).as("the body, once").containsOnlyOnce(marker);
		assertThat(logs).as("the body, truncated").doesNotContain("x".repeat(LogSanitizer.MAX_EXCERPT + 1));
		assertThat(logs).as("personal data").doesNotContain("ada.lovelace@example.com");
		assertThat(logs).as("the escaped SKU").contains("NOT-STOCKED\\r\\nFORGED-SKU-LINE");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "unparseable body", "contract violation", "unknown SKU" })
	void movesAPoisonMessageToTheDeadLetterQueueAfterThreeReceivesWhileOtherOrdersFlow(String poison) {
		double failed = count("failed");
		String body = switch (poison) {
			case "unparseable body" -> "{\"eventId\": oops";
			case "contract violation" -> event(UUID.randomUUID(), UUID.randomUUID(), "BOOK-42")
				.replace("\"schemaVersion\":1", "\"schemaVersion\":99");
			default -> event(UUID.randomUUID(), UUID.randomUUID(), "NOT-STOCKED");
		};
		aws.sqs()
			.sendMessage((request) -> request.queueUrl(queueUrl("order-fulfilment"))
				.messageBody(body)
				.messageAttributes(Map.of("eventType", sqsString("OrderPlaced"), "correlationId", sqsString(poison))));
		UUID goodOrder = UUID.randomUUID();
		publish(event(goodOrder, UUID.randomUUID(), "PEN-1"));

		await().untilAsserted(() -> assertThat(status(goodOrder)).isEqualTo(HttpStatus.OK));
		Message dead = await().until(() -> receiveOne("order-fulfilment-dlq"), (message) -> message != null);
		assertThat(dead.body()).isEqualTo(body);
		assertThat(dead.messageAttributes().get("correlationId").stringValue()).isEqualTo(poison);
		assertThat(dead.messageAttributes().get("eventType").stringValue()).isEqualTo("OrderPlaced");
		assertThat(count("failed") - failed).as("receives before the DLQ")
			.isEqualTo(aws.topology().subscription("order-fulfilment").maxReceiveCount());
	}

	@Test
	void retriesATransientFailureWithBackoffAndSucceedsWithoutReachingTheDeadLetterQueue() {
		double retried = count("retried");
		UUID orderId = UUID.randomUUID();
		this.warehouse.failNextReservations(orderId, 2);

		publish(event(orderId, UUID.randomUUID(), "BOOK-42"));

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(status(orderId)).isEqualTo(HttpStatus.OK));
		assertThat(count("retried") - retried).isEqualTo(2);
		assertThat(aws.messages("order-fulfilment-dlq")).isZero();
	}

	@Test
	void fulfilsEveryOrderPlacedWhileTheListenerWasStopped() {
		MessageListenerContainer<?> listener = this.listeners.getContainerById("order-fulfilment");
		listener.stop();
		List<UUID> orders = IntStream.range(0, 5).mapToObj((i) -> UUID.randomUUID()).toList();
		try {
			orders.forEach((orderId) -> publish(event(orderId, UUID.randomUUID(), "TEE-M")));
			assertThat(aws.messages("order-fulfilment")).isEqualTo(5);
			assertThat(orders).allSatisfy((orderId) -> assertThat(status(orderId)).isEqualTo(HttpStatus.NOT_FOUND));
		}
		finally {
			listener.start();
		}

		await().untilAsserted(
				() -> assertThat(orders).allSatisfy((orderId) -> assertThat(status(orderId)).isEqualTo(HttpStatus.OK)));
	}

	@Test
	void keepsTheListenersEndpointClosedOutsideTheLocalProfile() {
		assertThat(this.http.get().uri("/actuator/listeners").retrieve().toBodilessEntity().getStatusCode().value())
			.isEqualTo(404);
	}

	@Test
	void reportsTheDepthOfItsQueueAndDeadLetterQueueAndHowLongMessagesWaited() {
		MessageListenerContainer<?> listener = this.listeners.getContainerById("order-fulfilment");
		listener.stop();
		try {
			publish(event(UUID.randomUUID(), UUID.randomUUID(), "BOOK-42"));
			await().untilAsserted(() -> assertThat(depth("order-fulfilment", "visible")).isEqualTo(1));
			assertThat(depth("order-fulfilment-dlq", "visible")).isZero();
		}
		finally {
			listener.start();
		}
		await().untilAsserted(() -> assertThat(depth("order-fulfilment", "visible")).isZero());
		assertThat(this.meters.get("fanoutlab.messages.wait").tag("queue", "order-fulfilment").timer().count())
			.isPositive();
	}

	private double depth(String queue, String state) {
		var gauge = this.meters.find("fanoutlab.queue.messages").tag("queue", queue).tag("state", state).gauge();
		return (gauge != null) ? gauge.value() : Double.NaN;
	}

	private HttpStatus status(UUID orderId) {
		return HttpStatus.valueOf(this.http.get()
			.uri("/api/orders/{id}", orderId)
			.accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()
			.value());
	}

	private String event(UUID orderId, UUID eventId, String sku) {
		ObjectNode event = (ObjectNode) this.json.readTree(ContractSchemas.orderPlacedExamples().get(0));
		event.put("orderId", orderId.toString());
		event.put("eventId", eventId.toString());
		event.put("occurredAt", Instant.now().toString());
		((ObjectNode) event.get("items").get(0)).put("sku", sku);
		return event.toString();
	}

	private void publish(String event) {
		aws.publish(event, Map.of("eventType", "OrderPlaced", "schemaVersion", "1", "correlationId", "test",
				"notifyCustomer", "false"));
	}

	private void sendRaw(String body, String correlationId) {
		aws.sqs()
			.sendMessage((request) -> request.queueUrl(queueUrl("order-fulfilment"))
				.messageBody(body)
				.messageAttributes(
						Map.of("eventType", sqsString("OrderPlaced"), "correlationId", sqsString(correlationId))));
	}

	private int fulfilmentRecords(UUID orderId) {
		return aws.dynamoDb()
			.query((request) -> request.tableName("fanout-lab-fulfilments")
				.indexName("orderId-index")
				.keyConditionExpression("orderId = :orderId")
				.expressionAttributeValues(Map.of(":orderId", AttributeValue.fromS(orderId.toString()))))
			.count();
	}

	private double count(String outcome) {
		return this.meters.counter("fanoutlab.messages.processed", "queue", "order-fulfilment", "outcome", outcome)
			.count();
	}

	private Message receiveOne(String queue) {
		return aws.sqs()
			.receiveMessage((request) -> request.queueUrl(queueUrl(queue)).messageAttributeNames("All"))
			.messages()
			.stream()
			.findFirst()
			.orElse(null);
	}

	private static String queueUrl(String queue) {
		return aws.provisioned().queueUrl(queue);
	}

	private static MessageAttributeValue sqsString(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FlakyWarehouseConfiguration {

		@Bean
		@Primary
		FlakyWarehouse flakyWarehouse(FulfilmentProperties properties) {
			return new FlakyWarehouse(new CatalogWarehouse(properties));
		}

	}

	/**
	 * The catalog warehouse, made unavailable for a number of reservations of an order.
	 */
	static class FlakyWarehouse implements Warehouse {

		private final Warehouse delegate;

		private final Map<UUID, AtomicInteger> failures = new ConcurrentHashMap<>();

		FlakyWarehouse(Warehouse delegate) {
			this.delegate = delegate;
		}

		private final Map<UUID, CountDownLatch> holds = new ConcurrentHashMap<>();

		void failNextReservations(UUID orderId, int times) {
			this.failures.put(orderId, new AtomicInteger(times));
		}

		/**
		 * Hold each reservation of an order until {@code arrivals} reservations of it
		 * arrived (at most a minute).
		 */
		CountDownLatch holdUntilArrived(UUID orderId, int arrivals) {
			CountDownLatch latch = new CountDownLatch(arrivals);
			this.holds.put(orderId, latch);
			return latch;
		}

		@Override
		public void reserve(UUID orderId, OrderPlaced event) {
			CountDownLatch hold = this.holds.get(orderId);
			if (hold != null) {
				hold.countDown();
				try {
					if (!hold.await(60, TimeUnit.SECONDS)) {
						throw new IllegalStateException("The other delivery never arrived");
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
			}
			AtomicInteger remaining = this.failures.get(orderId);
			if (remaining != null && remaining.getAndDecrement() > 0) {
				throw new WarehouseUnavailableException("Warehouse timed out (simulated)");
			}
			this.delegate.reserve(orderId, event);
		}

	}

}
