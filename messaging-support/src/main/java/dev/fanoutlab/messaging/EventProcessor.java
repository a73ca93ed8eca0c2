package dev.fanoutlab.messaging;

import java.time.Instant;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * What every listener does alike with a message it received: read the event
 * ({@link EventReader}: unreadable or invalid, it is a
 * {@link PermanentFailureException}), put its {@link LogContext} into the MDC for every
 * log line of its processing, process it, and count how processing ended
 * ({@link ProcessingMetrics}). A failure is thrown on, for the retrying error handler to
 * count and schedule the next receive.
 */
public class EventProcessor {

	private final EventReader reader;

	private final ProcessingMetrics metrics;

	/**
	 * A processor; services get one as a bean, tests may build their own.
	 * @param reader reads and validates the events
	 * @param metrics counts the outcomes
	 */
	public EventProcessor(EventReader reader, ProcessingMetrics metrics) {
		this.reader = reader;
		this.metrics = metrics;
	}

	/**
	 * Read an event from a message and process it.
	 * @param <E> the event type
	 * @param body the message's body (or, with an SNS envelope, its {@code Message})
	 * @param type the event type
	 * @param approximateReceiveCount the message's {@code ApproximateReceiveCount}
	 * @param processing what the service does with the event, returning how it ended
	 * @throws PermanentFailureException if the body is not a valid event, or processing
	 * failed for good
	 */
	public <E extends ReceivedEvent> void process(String body, Class<E> type, @Nullable String approximateReceiveCount,
			Function<E, ProcessingMetrics.Outcome> processing) {
		E event = this.reader.read(body, type);
		try (LogContext context = LogContext.of(event.correlationId(), event.orderId(), event.eventId(),
				approximateReceiveCount)) {
			Instant started = this.metrics.now();
			ProcessingMetrics.Outcome outcome = processing.apply(event);
			this.metrics.processed(outcome, started, event.occurredAt());
		}
	}

}
