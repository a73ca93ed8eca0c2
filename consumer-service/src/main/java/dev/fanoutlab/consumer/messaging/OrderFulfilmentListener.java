package dev.fanoutlab.consumer.messaging;

import dev.fanoutlab.consumer.fulfilment.Fulfilment;
import dev.fanoutlab.consumer.fulfilment.OrderPlaced;
import dev.fanoutlab.messaging.PermanentFailureException;
import dev.fanoutlab.messaging.ProcessingMetrics;
import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import org.slf4j.MDC;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;

/**
 * Reads {@code order-fulfilment}. The subscription uses raw message delivery, so the body
 * is the {@code OrderPlaced} JSON and the SNS message attributes arrive as SQS message
 * attributes (headers here).
 * <p>
 * A message is deleted (acknowledged) only when the listener returns; an exception leaves
 * it on the queue for {@link FulfilmentErrorHandler} to schedule its next receive.
 */
@Component
class OrderFulfilmentListener {

	static final String ID = "order-fulfilment";

	private final Fulfilment fulfilment;

	private final ProcessingMetrics metrics;

	private final JsonMapper json;

	OrderFulfilmentListener(Fulfilment fulfilment, ProcessingMetrics metrics, JsonMapper json) {
		this.fulfilment = fulfilment;
		this.metrics = metrics;
		this.json = json;
	}

	/**
	 * Takes the body as text and parses it here. Spring Cloud AWS 4.1.0 converts a typed
	 * payload while polling, before the listener: a body that fails there never reaches
	 * the error handler, is not counted, and only comes back after the full visibility
	 * timeout. Parsed here, it is a permanent failure like any other.
	 */
	@SqsListener(value = "${fanout-lab.listener.queue}", id = ID)
	void receive(@Payload String body, @Header(name = "correlationId", required = false) String correlationId,
			@Header(SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT) String receiveCount) {
		try (MDC.MDCCloseable c = MDC.putCloseable("correlationId", correlationId);
				MDC.MDCCloseable r = MDC.putCloseable("receiveCount", receiveCount)) {
			on(parse(body));
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

	private OrderPlaced parse(String body) {
		try {
			return this.json.readValue(body, OrderPlaced.class);
		}
		catch (JacksonException ex) {
			throw new PermanentFailureException("Unreadable OrderPlaced: " + ex.getOriginalMessage());
		}
	}

}
