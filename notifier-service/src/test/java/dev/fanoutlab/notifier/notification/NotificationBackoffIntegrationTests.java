package dev.fanoutlab.notifier.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.fanoutlab.contracts.ContractSchemas;
import dev.fanoutlab.testsupport.LocalAws;
import dev.fanoutlab.testsupport.Ports;
import io.awspring.cloud.sqs.listener.interceptor.MessageInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.Message;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The retry budget of notifications as shipped ({@code initial-backoff} 15 s,
 * {@code maxReceiveCount} 3), measured from real receives on the emulator while the SMTP
 * port refuses connections (a transient failure): received at 0 s, 15 s and 45 s, then
 * moved to the DLQ, after exactly 3 receives. The gaps are allowed 0.8 times their
 * nominal value up to nominal plus 6 s, which holds on a loaded 2-core machine and fails
 * for an immediate retry.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE)
@DirtiesContext
class NotificationBackoffIntegrationTests {

	static final LocalAws aws = LocalAws.get();

	@DynamicPropertySource
	static void aws(DynamicPropertyRegistry registry) {
		aws.registerProperties(registry);
		registry.add("spring.mail.host", () -> "127.0.0.1");
		// Nothing listens there: every send fails to connect.
		registry.add("spring.mail.port", Ports::free);
	}

	@Autowired
	Receives receives;

	@Autowired
	JsonMapper json;

	@Autowired
	MeterRegistry meters;

	@Test
	void receivesAtZeroFifteenAndFortyFiveSecondsThenMovesToTheDeadLetterQueue() {
		aws.reset();
		UUID orderId = UUID.randomUUID();

		publish(orderId);

		await().atMost(Duration.ofSeconds(180)).until(() -> aws.messages("order-notifications-dlq") == 1);
		List<Instant> at = this.receives.of(orderId);
		assertThat(at).as("receives before the DLQ").hasSize(3);
		assertThat(Duration.between(at.get(0), at.get(1))).as("first backoff")
			.isGreaterThanOrEqualTo(Duration.ofSeconds(12))
			.isLessThan(Duration.ofSeconds(15 + 6));
		assertThat(Duration.between(at.get(1), at.get(2))).as("second backoff")
			.isGreaterThanOrEqualTo(Duration.ofSeconds(24))
			.isLessThan(Duration.ofSeconds(30 + 6));
		assertThat(this.meters
			.counter("fanoutlab.messages.processed", "queue", "order-notifications", "outcome", "retried")
			.count()).as("each a transient failure").isEqualTo(3);
		assertThat(aws.messages("order-notifications")).isZero();
	}

	private void publish(UUID orderId) {
		ObjectNode event = (ObjectNode) this.json.readTree(ContractSchemas.orderPlacedExamples().get(0));
		event.put("orderId", orderId.toString());
		event.put("eventId", UUID.randomUUID().toString());
		event.put("customerEmail", "patient@example.com");
		event.put("notifyCustomer", true);
		event.put("occurredAt", Instant.now().toString());
		aws.publish(event.toString(), Map.of("eventType", "OrderPlaced", "schemaVersion", "1", "correlationId", "test",
				"notifyCustomer", "true"));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Recording {

		@Bean
		Receives receives() {
			return new Receives();
		}

	}

	/**
	 * When each message was handed to the listener, as the test's own interceptor saw it.
	 */
	static class Receives implements MessageInterceptor<Object> {

		private final List<Map.Entry<String, Instant>> received = new CopyOnWriteArrayList<>();

		@Override
		public Message<Object> intercept(Message<Object> message) {
			this.received.add(Map.entry(String.valueOf(message.getPayload()), Instant.now()));
			return message;
		}

		List<Instant> of(UUID orderId) {
			return this.received.stream()
				.filter((entry) -> entry.getKey().contains(orderId.toString()))
				.map(Map.Entry::getValue)
				.toList();
		}

	}

}
