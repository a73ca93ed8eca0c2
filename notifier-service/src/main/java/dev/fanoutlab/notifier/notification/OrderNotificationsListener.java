package dev.fanoutlab.notifier.notification;

import dev.fanoutlab.messaging.EventProcessor;
import dev.fanoutlab.messaging.ProcessingMetrics.Outcome;
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

	private final EventProcessor events;

	private final Notifier notifier;

	OrderNotificationsListener(EventProcessor events, Notifier notifier) {
		this.events = events;
		this.notifier = notifier;
	}

	/**
	 * Takes the unwrapped message as text for the {@link EventProcessor} to read (so that
	 * an unreadable or invalid event is a permanent failure), log and count.
	 */
	@SqsListener(value = "${fanout-lab.listener.queue}", id = ID)
	void receive(@SnsNotificationMessage String message,
			@Header(SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT) String approximateReceiveCount) {
		this.events.process(message, OrderPlaced.class, approximateReceiveCount, this::on);
	}

	/** An order whose customer opted out needs nothing more: a success. */
	Outcome on(OrderPlaced event) {
		return switch (this.notifier.notify(event)) {
			case SENT, OPTED_OUT -> Outcome.SUCCESS;
			case DUPLICATE -> Outcome.DUPLICATE;
		};
	}

}
