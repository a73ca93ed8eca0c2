package dev.fanoutlab.notifier.notification;

import dev.fanoutlab.messaging.ClaimCheck;
import dev.fanoutlab.messaging.EventProcessor;
import dev.fanoutlab.messaging.ProcessingMetrics.Outcome;
import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.support.converter.SnsNotification;

import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Reads {@code order-notifications} and its FIFO twin {@code order-notifications.fifo},
 * the AWS edge of notifications. Both subscriptions deliver the SNS envelope (raw
 * delivery off): Spring Cloud AWS reads it as an {@link SnsNotification}, and the filter
 * policy on {@code notifyCustomer} means only orders whose customer wants an email arrive
 * here. An event over SNS's 256 KiB arrives by claim check: the envelope's
 * {@code Message} is a pointer to the event in S3, and the envelope's
 * {@code MessageAttributes} hold {@value ClaimCheck#ATTRIBUTE} (the queue message itself
 * has no attributes); {@link ClaimCheck} fetches the event.
 * <p>
 * A message is deleted (acknowledged) only when the listener returns; an exception leaves
 * it on the queue for the retrying error handler of messaging-support to schedule its
 * next receive.
 */
@Component
class OrderNotificationsListener {

	static final String ID = "order-notifications";

	static final String FIFO_ID = "order-notifications-fifo";

	private final EventProcessor events;

	private final Notifier notifier;

	private final ClaimCheck claimCheck;

	OrderNotificationsListener(EventProcessor events, Notifier notifier, ClaimCheck claimCheck) {
		this.events = events;
		this.notifier = notifier;
		this.claimCheck = claimCheck;
	}

	/**
	 * Takes the unwrapped message as text for the {@link EventProcessor} to read (so that
	 * an unreadable or invalid event is a permanent failure), log and count.
	 */
	@SqsListener(value = "${fanout-lab.listener.queue}", id = ID)
	void receive(SnsNotification<String> notification,
			@Header(SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT) String approximateReceiveCount) {
		receive(notification.getMessage(), notification.getMessageAttributes().containsKey(ClaimCheck.ATTRIBUTE),
				approximateReceiveCount);
	}

	/**
	 * Process the envelope's message.
	 * @param message the envelope's {@code Message}: the event, or a pointer to it
	 * @param claimChecked whether the envelope's attributes hold
	 * {@value ClaimCheck#ATTRIBUTE}
	 * @param approximateReceiveCount the message's {@code ApproximateReceiveCount}
	 */
	void receive(String message, boolean claimChecked, String approximateReceiveCount) {
		this.events.process(this.claimCheck.resolve(message, claimChecked), OrderPlaced.class, approximateReceiveCount,
				this::on);
	}

	/**
	 * The FIFO lane, processed like the standard one: Spring Cloud AWS handles one
	 * message group (customer) at a time, in order, and groups in parallel; a failing
	 * message holds back only its own group until it succeeds or reaches
	 * {@code order-notifications-dlq.fifo}. One message per receive, so the messages
	 * behind a failing one are not received (and counted towards the DLQ) with it.
	 */
	@SqsListener(value = "${fanout-lab.listener.fifo-queue}", id = FIFO_ID, maxMessagesPerPoll = "1")
	void receiveInOrder(SnsNotification<String> notification,
			@Header(SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT) String approximateReceiveCount) {
		receive(notification.getMessage(), notification.getMessageAttributes().containsKey(ClaimCheck.ATTRIBUTE),
				approximateReceiveCount);
	}

	/** An order whose customer opted out needs nothing more: a success. */
	Outcome on(OrderPlaced event) {
		return switch (this.notifier.notify(event)) {
			case SENT, OPTED_OUT -> Outcome.SUCCESS;
			case DUPLICATE -> Outcome.DUPLICATE;
		};
	}

}
