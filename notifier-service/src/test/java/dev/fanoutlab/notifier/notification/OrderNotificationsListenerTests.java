package dev.fanoutlab.notifier.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.fanoutlab.messaging.EventProcessor;
import dev.fanoutlab.messaging.EventReader;
import dev.fanoutlab.messaging.ProcessingMetrics;
import dev.fanoutlab.messaging.ProcessingMetrics.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import jakarta.validation.Validation;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the listener counts what the notifier did, without a queue: an order whose customer
 * opted out (sent to the queue directly, past the filter policy) needs no email, so it is
 * a success, as a fulfilled order is in consumer-service.
 */
class OrderNotificationsListenerTests {

	private final ProcessingMetrics metrics = new ProcessingMetrics(new SimpleMeterRegistry(), Clock.systemUTC(),
			"order-notifications");

	private final Notifier notifier = new Notifier(new NoLog(), new JavaMailSenderImpl(),
			new NotificationProperties("t", "orders@fanoutlab.dev", Duration.ofSeconds(40), 3, Duration.ofMillis(200)),
			Clock.systemUTC(), ObservationRegistry.NOOP);

	private final OrderNotificationsListener listener = new OrderNotificationsListener(
			new EventProcessor(new EventReader(JsonMapper.builder().build(),
					Validation.buildDefaultValidatorFactory().getValidator()), this.metrics),
			this.notifier, ClaimCheckOff.claimCheck());

	@Test
	void countsAnOrderWhoseCustomerOptedOutAsASuccessWithoutSendingAnything() {
		this.listener.receive(
				"""
						{"eventId":"%s","schemaVersion":1,"occurredAt":"%s","orderId":"%s","customerEmail":"quiet@example.com",
						"notifyCustomer":false,"currency":"EUR","items":[{"sku":"BOOK-42","quantity":1,"unitPrice":1}],"total":1}
						"""
					.formatted(UUID.randomUUID(), Instant.now(), UUID.randomUUID()),
				false, "1");

		assertThat(this.metrics.counter(Outcome.SUCCESS).count()).isEqualTo(1);
		assertThat(this.metrics.counter(Outcome.DUPLICATE).count()).isZero();
	}

	/** A notification log that must not be reached. */
	static class NoLog implements NotificationLog {

		@Override
		public Claim claim(Notification notification, UUID token, Instant now, Instant staleBefore) {
			throw new AssertionError("claimed");
		}

		@Override
		public boolean markSent(UUID eventId, UUID token, Instant sentAt) {
			throw new AssertionError("marked");
		}

		@Override
		public void release(UUID eventId, UUID token) {
			throw new AssertionError("released");
		}

		@Override
		public List<Notification> findByOrderId(UUID orderId) {
			return List.of();
		}

	}

}
