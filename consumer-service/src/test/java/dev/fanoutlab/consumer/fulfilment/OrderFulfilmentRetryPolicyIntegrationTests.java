package dev.fanoutlab.consumer.fulfilment;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.fanoutlab.contracts.ContractSchemas;
import dev.fanoutlab.messaging.LogContext;
import dev.fanoutlab.testsupport.Http;
import dev.fanoutlab.testsupport.LocalAws;
import dev.fanoutlab.testsupport.ReceiveTimeline;
import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import software.amazon.awssdk.services.sqs.model.Message;
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
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The retry policy of {@code order-fulfilment} as configured in {@code application.yml}
 * (initial backoff 2 s), measured on the real queue and redrive policy of the local AWS
 * backend; and the limits of the {@code listeners} endpoint that slows the listener.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,listeners",
				"management.endpoint.listeners.access=unrestricted" })
@DirtiesContext
class OrderFulfilmentRetryPolicyIntegrationTests {

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
	UnavailableWarehouse warehouse;

	@Autowired
	MessageListenerContainerRegistry listeners;

	RestClient http;

	@BeforeEach
	void startClean() {
		aws.reset();
		this.http = Http.client(this.port);
	}

	@Test
	void receivesATransientlyFailingMessageAt0And2And6SecondsThenMovesItToTheDeadLetterQueue() {
		double retried = count("retried");
		UUID orderId = UUID.randomUUID();
		String event = event(orderId);
		this.warehouse.unavailableFor(orderId);

		aws.publish(event, Map.of("eventType", "OrderPlaced", "schemaVersion", "1", "correlationId", "backoff"));

		Message dead = await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> receiveOne("order-fulfilment-dlq"), (message) -> message != null);
		assertThat(dead.body()).isEqualTo(event);
		this.warehouse.timeline.assertGaps(orderId.toString(), Duration.ofSeconds(2), Duration.ofSeconds(4));
		assertThat(count("retried") - retried).as("receives before the DLQ")
			.isEqualTo(aws.topology().subscription("order-fulfilment").maxReceiveCount());
	}

	@Test
	void acceptsAProcessingDelayUpToHalfTheVisibilityTimeoutOfTheQueue() {
		try {
			// order-fulfilment has a visibility timeout of 30 s.
			assertThat(setDelay("PT15S")).isEqualTo(200);
			assertThat(setDelay("PT15.001S")).isEqualTo(400);
			assertThat(setDelay("PT2562048H")).isEqualTo(400);
			assertThat(setDelay("-PT1S")).isEqualTo(400);
			assertThat(this.http.get().uri("/actuator/listeners").retrieve().body(String.class))
				.contains("\"processingDelay\":\"PT15S\"");
		}
		finally {
			assertThat(setDelay("PT0S")).isEqualTo(200);
		}
	}

	@Test
	void pausesAndResumesTheListenersOfBothLanesAtOnce() {
		try {
			String paused = changeListeners("/actuator/listeners", "{\"running\":false}");

			assertThat(this.json.readTree(paused).findValuesAsString("queue"))
				.containsExactlyInAnyOrder("order-fulfilment", "order-fulfilment.fifo");
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				assertThat(listener("order-fulfilment")).containsEntry("running", false);
				assertThat(listener("order-fulfilment-fifo")).containsEntry("running", false);
			});
			assertThat(this.listeners.getListenerContainers()).hasSize(2)
				.noneMatch(MessageListenerContainer::isRunning);
		}
		finally {
			changeListeners("/actuator/listeners", "{\"running\":true}");
		}
		assertThat(this.listeners.getListenerContainers()).allMatch(MessageListenerContainer::isRunning);
	}

	@Test
	void answersAPauseAtOnceAndReportsStoppingWhileAnInFlightMessageFinishes() {
		try {
			assertThat(setDelay("PT12S")).isEqualTo(200);
			aws.publish(event(UUID.randomUUID()),
					Map.of("eventType", "OrderPlaced", "schemaVersion", "1", "correlationId", "pause"));
			await().atMost(Duration.ofSeconds(20)).until(() -> aws.inFlightMessages("order-fulfilment") == 1);

			String answer = changeListeners("/actuator/listeners/order-fulfilment", "{\"running\":false}");

			assertThat(this.json.readTree(answer).path("stopping").asBoolean()).as(answer).isTrue();
			assertThat(this.json.readTree(answer).path("running").asBoolean()).as(answer).isTrue();
			// Spring Cloud AWS reports a container as not running as soon as its stop
			// begins; the endpoint reports it running and stopping until the stop is
			// done.
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(listener("order-fulfilment")).containsEntry("running", false)
					.containsEntry("stopping", false));
			assertThat(aws.messages("order-fulfilment")).as("the in-flight message finished and was deleted").isZero();
		}
		finally {
			assertThat(setDelay("PT0S")).isEqualTo(200);
			changeListeners("/actuator/listeners", "{\"running\":true}");
		}
	}

	private String changeListeners(String path, String change) {
		return this.http.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(change)
			.retrieve()
			.body(String.class);
	}

	private Map<String, Object> listener(String id) {
		for (JsonNode listener : this.json
			.readTree(this.http.get().uri("/actuator/listeners").retrieve().body(String.class))) {
			if (listener.path("id").asString().equals(id)) {
				return Map.of("running", listener.path("running").asBoolean(), "stopping",
						listener.path("stopping").asBoolean());
			}
		}
		throw new AssertionError("No listener " + id);
	}

	private int setDelay(String delay) {
		return this.http.post()
			.uri("/actuator/listeners/order-fulfilment")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"processingDelay\":\"" + delay + "\"}")
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()
			.value();
	}

	private String event(UUID orderId) {
		ObjectNode event = (ObjectNode) this.json.readTree(ContractSchemas.orderPlacedExamples().get(0));
		event.put("orderId", orderId.toString());
		event.put("eventId", UUID.randomUUID().toString());
		event.put("occurredAt", Instant.now().toString());
		return event.toString();
	}

	private double count(String outcome) {
		return this.meters.counter("fanoutlab.messages.processed", "queue", "order-fulfilment", "outcome", outcome)
			.count();
	}

	private static Message receiveOne(String queue) {
		return aws.sqs()
			.receiveMessage((request) -> request.queueUrl(aws.provisioned().queueUrl(queue)))
			.messages()
			.stream()
			.findFirst()
			.orElse(null);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class UnavailableWarehouseConfiguration {

		@Bean
		@Primary
		UnavailableWarehouse unavailableWarehouse() {
			return new UnavailableWarehouse();
		}

	}

	/**
	 * A warehouse that times out, always, for the orders it is told, recording when each
	 * of their messages was received.
	 */
	static class UnavailableWarehouse implements Warehouse {

		final ReceiveTimeline timeline = new ReceiveTimeline();

		private final Set<UUID> unavailable = ConcurrentHashMap.newKeySet();

		void unavailableFor(UUID orderId) {
			this.unavailable.add(orderId);
		}

		@Override
		public void reserve(UUID orderId, OrderPlaced event) {
			if (this.unavailable.contains(orderId)) {
				// The listener puts the message's ApproximateReceiveCount into the MDC.
				this.timeline.record(orderId.toString(), MDC.get(LogContext.APPROXIMATE_RECEIVE_COUNT));
				throw new WarehouseUnavailableException("Warehouse timed out (simulated)");
			}
		}

	}

}
