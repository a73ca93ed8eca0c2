package dev.fanoutlab.consumer.fulfilment;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import dev.fanoutlab.contracts.ContractSchemas;
import dev.fanoutlab.testsupport.Http;
import dev.fanoutlab.testsupport.LocalAws;
import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fulfilment from the real {@code order-fulfilment} queue of the local AWS backend, with
 * its real redrive policy (maxReceiveCount 3) and DynamoDB table.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "fanout-lab.listener.initial-backoff=1s",
		"spring.cloud.aws.sqs.listener.poll-timeout=2s", "fanout-lab.listener.depth-interval=500ms" })
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
		event.put("occurredAt", java.time.Instant.now().toString());
		((ObjectNode) event.get("items").get(0)).put("sku", sku);
		return event.toString();
	}

	private void publish(String event) {
		aws.publish(event, Map.of("eventType", "OrderPlaced", "schemaVersion", "1", "correlationId", "test",
				"notifyCustomer", "false"));
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

		void failNextReservations(UUID orderId, int times) {
			this.failures.put(orderId, new AtomicInteger(times));
		}

		@Override
		public void reserve(UUID orderId, OrderPlaced event) {
			AtomicInteger remaining = this.failures.get(orderId);
			if (remaining != null && remaining.getAndDecrement() > 0) {
				throw new WarehouseUnavailableException("Warehouse timed out (simulated)");
			}
			this.delegate.reserve(orderId, event);
		}

	}

}
