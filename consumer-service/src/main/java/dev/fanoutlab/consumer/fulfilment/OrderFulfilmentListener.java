package dev.fanoutlab.consumer.fulfilment;

import dev.fanoutlab.messaging.ClaimCheck;
import dev.fanoutlab.messaging.EventProcessor;
import dev.fanoutlab.messaging.ProcessingMetrics.Outcome;
import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;

/**
 * Reads {@code order-fulfilment} and its FIFO twin {@code order-fulfilment.fifo}, the AWS
 * edge of fulfilment. Both subscriptions use raw message delivery, so the body is the
 * {@code OrderPlaced} JSON (and the SNS message attributes arrive as SQS message
 * attributes). An event over SNS's 256 KiB arrives by claim check: the body is a pointer
 * to the event in S3, and the message attribute {@value ClaimCheck#ATTRIBUTE} says so;
 * {@link ClaimCheck} fetches the event.
 * <p>
 * A message is deleted (acknowledged) only when the listener returns; an exception leaves
 * it on the queue for the retrying error handler of messaging-support to schedule its
 * next receive.
 */
@Component
class OrderFulfilmentListener {

	static final String ID = "order-fulfilment";

	static final String FIFO_ID = "order-fulfilment-fifo";

	private final EventProcessor events;

	private final Fulfilment fulfilment;

	private final ClaimCheck claimCheck;

	OrderFulfilmentListener(EventProcessor events, Fulfilment fulfilment, ClaimCheck claimCheck) {
		this.events = events;
		this.fulfilment = fulfilment;
		this.claimCheck = claimCheck;
	}

	/**
	 * Takes the body as text for the {@link EventProcessor} to read (so that an
	 * unreadable or invalid event is a permanent failure), log and count.
	 */
	@SqsListener(value = "${fanout-lab.listener.queue}", id = ID)
	void receive(@Payload String body,
			@Header(name = ClaimCheck.ATTRIBUTE, required = false) @Nullable Number payloadSize,
			@Header(SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT) String approximateReceiveCount) {
		this.events.process(this.claimCheck.resolve(body, payloadSize != null), OrderPlaced.class,
				approximateReceiveCount, this::on);
	}

	/**
	 * The FIFO lane, processed like the standard one. Spring Cloud AWS sees the
	 * {@code .fifo} queue and handles one message group at a time, in order: the next
	 * message of a group (the customer) is processed only after the one before it was
	 * acknowledged; different groups run in parallel. A failing message is not
	 * acknowledged, so SQS hands out nothing more of its group until it succeeds or the
	 * redrive policy moves it to {@code order-fulfilment-dlq.fifo}, each receive after
	 * the error handler's backoff; other groups flow meanwhile.
	 * <p>
	 * One message per receive: a receive of several messages of one group would count a
	 * receive for each message behind a failing one too, and the redrive policy would
	 * send them to the DLQ along with it. The price is one receive call per message (a
	 * FIFO queue takes 300 receive calls per second without high-throughput mode).
	 */
	@SqsListener(value = "${fanout-lab.listener.fifo-queue}", id = FIFO_ID, maxMessagesPerPoll = "1")
	void receiveInOrder(@Payload String body,
			@Header(name = ClaimCheck.ATTRIBUTE, required = false) @Nullable Number payloadSize,
			@Header(SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT) String approximateReceiveCount) {
		this.events.process(this.claimCheck.resolve(body, payloadSize != null), OrderPlaced.class,
				approximateReceiveCount, this::on);
	}

	Outcome on(OrderPlaced event) {
		return switch (this.fulfilment.fulfil(event)) {
			case FULFILLED -> Outcome.SUCCESS;
			case DUPLICATE -> Outcome.DUPLICATE;
		};
	}

}
