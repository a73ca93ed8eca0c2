package dev.fanoutlab.consumer.messaging;

import dev.fanoutlab.consumer.fulfilment.Fulfilment;
import dev.fanoutlab.consumer.fulfilment.OrderPlaced;
import dev.fanoutlab.messaging.EventReader;
import dev.fanoutlab.messaging.LogSanitizer;
import dev.fanoutlab.messaging.ProcessingMetrics;
import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import org.slf4j.MDC;

import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;

/**
 * Reads {@code order-fulfilment}. The subscription uses raw message delivery, so the body
 * is the {@code OrderPlaced} JSON and the SNS message attributes arrive as SQS message
 * attributes (headers here).
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
	 * body is a permanent failure.
	 */
	@SqsListener(value = "${fanout-lab.listener.queue}", id = ID)
	void receive(@Payload String body, @Header(name = "correlationId", required = false) String correlationId,
			@Header(SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT) String receiveCount) {
		// Only a correlation id of the producer's form reaches the logs.
		try (MDC.MDCCloseable c = MDC.putCloseable("correlationId", LogSanitizer.correlationId(correlationId));
				MDC.MDCCloseable r = MDC.putCloseable("receiveCount", receiveCount)) {
			on(this.events.read(body, OrderPlaced.class));
		}
	}

	void on(OrderPlaced event) {
		try (MDC.MDCCloseable o = MDC.putCloseable("orderId", String.valueOf(event.orderId()));
				MDC.MDCCloseable e = MDC.putCloseable("eventId", String.valueOf(event.eventId()))) {
			var started = this.metrics.now();
			Fulfilment.Outcome outcome = this.fulfilment.fulfil(event);
			this.metrics.processed((outcome == Fulfilment.Outcome.FULFILLED) ? "success" : "duplicate", started,
					event.occurredAt());
		}
	}

}
