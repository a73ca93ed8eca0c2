package dev.fanoutlab.messaging;

import dev.fanoutlab.logging.LogSanitizer;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * What every log line of one received event carries, in the MDC: the listeners open it as
 * soon as the event is read, and close it when the listener returns. The logging pattern
 * (service-defaults' {@code fanout-lab-service-defaults.yml}) prints the first three.
 * <ul>
 * <li>{@value #CORRELATION_ID}: the event's correlation id if it has the form the
 * producer accepts, {@code invalid} if it has another, absent if it has none (so a
 * message cannot forge log lines through it);</li>
 * <li>{@value #ORDER_ID} and {@value #EVENT_ID}: the event's order and event ids;</li>
 * <li>{@value #APPROXIMATE_RECEIVE_COUNT}: SQS's {@code ApproximateReceiveCount} of the
 * message, 1 on the first receive.</li>
 * </ul>
 */
public final class LogContext implements AutoCloseable {

	/** MDC key of the correlation id. */
	public static final String CORRELATION_ID = "correlationId";

	/** MDC key of the order id. */
	public static final String ORDER_ID = "orderId";

	/** MDC key of the event id. */
	public static final String EVENT_ID = "eventId";

	/** MDC key of SQS's {@code ApproximateReceiveCount}. */
	public static final String APPROXIMATE_RECEIVE_COUNT = "approximateReceiveCount";

	private LogContext() {
	}

	/**
	 * Put an event's context into the MDC of this thread.
	 * @param correlationId the event's correlation id, untrusted
	 * @param orderId the event's order id
	 * @param eventId the event's id
	 * @param approximateReceiveCount the message's {@code ApproximateReceiveCount}
	 * @return the context, to close when the event was processed
	 */
	public static LogContext of(@Nullable String correlationId, @Nullable Object orderId, @Nullable Object eventId,
			@Nullable String approximateReceiveCount) {
		if (correlationId != null) {
			String safe = LogSanitizer.correlationId(correlationId);
			MDC.put(CORRELATION_ID, (safe != null) ? safe : "invalid");
		}
		put(ORDER_ID, orderId);
		put(EVENT_ID, eventId);
		put(APPROXIMATE_RECEIVE_COUNT,
				(approximateReceiveCount != null) ? LogSanitizer.sanitize(approximateReceiveCount, 10) : null);
		return new LogContext();
	}

	private static void put(String key, @Nullable Object value) {
		if (value != null) {
			MDC.put(key, value.toString());
		}
	}

	/** Remove the event's context from the MDC. */
	@Override
	public void close() {
		MDC.remove(CORRELATION_ID);
		MDC.remove(ORDER_ID);
		MDC.remove(EVENT_ID);
		MDC.remove(APPROXIMATE_RECEIVE_COUNT);
	}

}
