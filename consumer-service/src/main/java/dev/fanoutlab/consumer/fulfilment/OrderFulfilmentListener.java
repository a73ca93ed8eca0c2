package dev.fanoutlab.consumer.fulfilment;

import java.time.Instant;

import dev.fanoutlab.messaging.EventReader;
import dev.fanoutlab.messaging.LogContext;
import dev.fanoutlab.messaging.ProcessingMetrics;
import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.SqsHeaders;

import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;

/**
 * Reads {@code order-fulfilment}, the AWS edge of fulfilment. The subscription uses raw
 * message delivery, so the body is the {@code OrderPlaced} JSON (and the SNS message
 * attributes arrive as SQS message attributes).
 * <p>
 * A message is deleted (acknowledged) only when the listener returns; an exception leaves
 * it on the queue for the retrying error handler of messaging-support to schedule its
 * next receive.
 */
@Component
class OrderFulfilmentListener {

	static final String ID = "order-fulfilment";

	private final Fulfilment fulfilment;

	private final ProcessingMetrics metrics;

	private final EventReader events;

	OrderFulfilmentListener(Fulfilment fulfilment, ProcessingMetrics metrics, EventReader events) {
		this.fulfilment = fulfilment;
		this.metrics = metrics;
		this.events = events;
	}

	/**
	 * Takes the body as text and reads it with {@link EventReader}, so that an unreadable
	 * or invalid event is a permanent failure; once read, the event's {@link LogContext}
	 * is in every log line of its processing.
	 */
	@SqsListener(value = "${fanout-lab.listener.queue}", id = ID)
	void receive(@Payload String body,
			@Header(SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT) String approximateReceiveCount) {
		OrderPlaced event = this.events.read(body, OrderPlaced.class);
		try (LogContext context = LogContext.of(event.correlationId(), event.orderId(), event.eventId(),
				approximateReceiveCount)) {
			on(event);
		}
	}

	void on(OrderPlaced event) {
		Instant started = this.metrics.now();
		ProcessingMetrics.Outcome counted = switch (this.fulfilment.fulfil(event)) {
			case FULFILLED -> ProcessingMetrics.Outcome.SUCCESS;
			case DUPLICATE -> ProcessingMetrics.Outcome.DUPLICATE;
		};
		this.metrics.processed(counted, started, event.occurredAt());
	}

}
