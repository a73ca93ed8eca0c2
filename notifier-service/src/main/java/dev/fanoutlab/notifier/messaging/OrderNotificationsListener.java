package dev.fanoutlab.notifier.messaging;

import dev.fanoutlab.messaging.EventReader;
import dev.fanoutlab.messaging.LogSanitizer;
import dev.fanoutlab.messaging.ProcessingMetrics;
import dev.fanoutlab.notifier.notification.Notifications;
import dev.fanoutlab.notifier.notification.OrderPlaced;
import io.awspring.cloud.sqs.annotation.SnsNotificationMessage;
import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import org.slf4j.MDC;

import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Reads {@code order-notifications}. The subscription delivers the SNS envelope (raw
 * delivery off): Spring Cloud AWS unwraps its {@code Message} field, and the filter
 * policy on {@code notifyCustomer} means only orders whose customer wants an email arrive
 * here. A correlation id that the producer would not accept is logged as {@code invalid},
 * so a message cannot forge log lines through it.
 */
@Component
class OrderNotificationsListener {

	static final String ID = "order-notifications";

	private final Notifications notifications;

	private final ProcessingMetrics metrics;

	private final EventReader events;

	OrderNotificationsListener(Notifications notifications, ProcessingMetrics metrics, EventReader events) {
		this.notifications = notifications;
		this.metrics = metrics;
		this.events = events;
	}

	/**
	 * Takes the unwrapped message as text and reads it with {@link EventReader}, so that
	 * an unreadable event is a permanent failure.
	 */
	@SqsListener(value = "${fanout-lab.listener.queue}", id = ID)
	void receive(@SnsNotificationMessage String message,
			@Header(SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT) String receiveCount) {
		OrderPlaced event = this.events.read(message, OrderPlaced.class);
		try (MDC.MDCCloseable c = MDC.putCloseable("correlationId", correlationId(event));
				MDC.MDCCloseable o = MDC.putCloseable("orderId", String.valueOf(event.orderId()));
				MDC.MDCCloseable e = MDC.putCloseable("eventId", String.valueOf(event.eventId()));
				MDC.MDCCloseable r = MDC.putCloseable("receiveCount", receiveCount)) {
			on(event);
		}
	}

	private static String correlationId(OrderPlaced event) {
		String id = LogSanitizer.correlationId(event.correlationId());
		return (id != null) ? id : "invalid";
	}

	void on(OrderPlaced event) {
		var started = this.metrics.now();
		Notifications.Outcome outcome = this.notifications.notify(event);
		this.metrics.processed((outcome == Notifications.Outcome.DUPLICATE) ? "duplicate" : "success", started,
				event.occurredAt());
	}

}
