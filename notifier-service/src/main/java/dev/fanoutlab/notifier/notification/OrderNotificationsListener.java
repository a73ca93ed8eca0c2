package dev.fanoutlab.notifier.notification;

import java.time.Instant;

import dev.fanoutlab.messaging.EventReader;
import dev.fanoutlab.messaging.LogContext;
import dev.fanoutlab.messaging.ProcessingMetrics;
import io.awspring.cloud.sqs.annotation.SnsNotificationMessage;
import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.SqsHeaders;

import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Reads {@code order-notifications}, the AWS edge of notifications. The subscription
 * delivers the SNS envelope (raw delivery off): Spring Cloud AWS unwraps its
 * {@code Message} field, and the filter policy on {@code notifyCustomer} means only
 * orders whose customer wants an email arrive here.
 * <p>
 * A message is deleted (acknowledged) only when the listener returns; an exception leaves
 * it on the queue for the retrying error handler of messaging-support to schedule its
 * next receive.
 */
@Component
class OrderNotificationsListener {

	static final String ID = "order-notifications";

	private final Notifier notifier;

	private final ProcessingMetrics metrics;

	private final EventReader events;

	OrderNotificationsListener(Notifier notifier, ProcessingMetrics metrics, EventReader events) {
		this.notifier = notifier;
		this.metrics = metrics;
		this.events = events;
	}

	/**
	 * Takes the unwrapped message as text and reads it with {@link EventReader}, so that
	 * an unreadable or invalid event is a permanent failure; once read, the event's
	 * {@link LogContext} is in every log line of its processing.
	 */
	@SqsListener(value = "${fanout-lab.listener.queue}", id = ID)
	void receive(@SnsNotificationMessage String message,
			@Header(SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT) String approximateReceiveCount) {
		OrderPlaced event = this.events.read(message, OrderPlaced.class);
		try (LogContext context = LogContext.of(event.correlationId(), event.orderId(), event.eventId(),
				approximateReceiveCount)) {
			on(event);
		}
	}

	void on(OrderPlaced event) {
		Instant started = this.metrics.now();
		ProcessingMetrics.Outcome counted = switch (this.notifier.notify(event)) {
			case SENT, OPTED_OUT -> ProcessingMetrics.Outcome.SUCCESS;
			case DUPLICATE -> ProcessingMetrics.Outcome.DUPLICATE;
		};
		this.metrics.processed(counted, started, event.occurredAt());
	}

}
