package dev.fanoutlab.messaging;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What {@link EventProcessor} needs of every event a service reads: the ids of its
 * {@link LogContext} and the time its end-to-end latency is measured from. A service's
 * own reading of a contract (a record) implements it with its components.
 */
public interface ReceivedEvent {

	/**
	 * The event's id.
	 * @return the id
	 */
	UUID eventId();

	/**
	 * The order the event is about.
	 * @return the order id
	 */
	UUID orderId();

	/**
	 * The correlation id of the request that caused the event, untrusted.
	 * @return the correlation id, or {@code null}
	 */
	@Nullable String correlationId();

	/**
	 * When the event occurred.
	 * @return the time, or {@code null} if unknown
	 */
	@Nullable Instant occurredAt();

}
