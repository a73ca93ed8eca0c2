package dev.fanoutlab.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.fanoutlab.logging.LogSanitizer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metrics of the queue a service reads, tagged with {@code queue}:
 * <ul>
 * <li>{@code fanoutlab.messages.processed{outcome}}: receives by how they ended, one
 * {@link Outcome} each;</li>
 * <li>{@code fanoutlab.messages.processing}: time in the listener;</li>
 * <li>{@code fanoutlab.events.latency}: from the event's {@code occurredAt} to processed,
 * end to end.</li>
 * </ul>
 */
public class ProcessingMetrics {

	private static final Logger logger = LoggerFactory.getLogger(ProcessingMetrics.class);

	private final MeterRegistry meters;

	private final Clock clock;

	private final String queue;

	private final Timer processing;

	private final Timer latency;

	public ProcessingMetrics(MeterRegistry meters, Clock clock, String queue) {
		this.meters = meters;
		this.clock = clock;
		this.queue = queue;
		this.processing = Timer.builder("fanoutlab.messages.processing")
			.description("Time to process one message")
			.tag("queue", queue)
			.publishPercentileHistogram()
			.register(meters);
		this.latency = Timer.builder("fanoutlab.events.latency")
			.description("From the event's occurredAt to its processing")
			.tag("queue", queue)
			.publishPercentileHistogram()
			.register(meters);
	}

	/** The longest end-to-end latency recorded: longer ones are left out. */
	static final Duration MAX_LATENCY = Duration.ofDays(366);

	/**
	 * Count a processed message. Never throws: the message was processed, and a failure
	 * to record its metrics is only logged.
	 * @param outcome how it ended
	 * @param started when the listener got it
	 * @param occurredAt when its event occurred, or {@code null}
	 */
	void processed(Outcome outcome, Instant started, @Nullable Instant occurredAt) {
		try {
			Instant now = this.clock.instant();
			counter(outcome).increment();
			this.processing.record(Duration.between(started, now));
			Duration endToEnd = (occurredAt != null) ? Duration.between(occurredAt, now) : null;
			// Negative only under clock skew between producer and consumer hosts; beyond
			// the
			// maximum, the occurredAt is implausible and Timer would overflow.
			if (endToEnd != null && !endToEnd.isNegative() && endToEnd.compareTo(MAX_LATENCY) <= 0) {
				this.latency.record(endToEnd);
			}
		}
		catch (RuntimeException ex) {
			// The message was processed: a metric must never turn that into a failure.
			logger.warn("Could not record the metrics of a processed message: {}",
					LogSanitizer.sanitize(ex.toString(), 300));
		}
	}

	void failed(Outcome outcome) {
		counter(outcome).increment();
	}

	/**
	 * The counter of an outcome.
	 * @param outcome the outcome
	 * @return the counter
	 */
	public Counter counter(Outcome outcome) {
		return Counter.builder("fanoutlab.messages.processed")
			.description("Messages received, by how processing ended")
			.tag("queue", this.queue)
			.tag("outcome", outcome.tag())
			.register(this.meters);
	}

	Instant now() {
		return this.clock.instant();
	}

	/**
	 * How the processing of one receive ended: the {@code outcome} tag of
	 * {@code fanoutlab.messages.processed}, counted alike by every reader. Its tag values
	 * are what dashboards, the labs ({@code processed URL OUTCOME}) and the console read:
	 * they never change.
	 */
	public enum Outcome {

		/**
		 * Processed and acknowledged: the event's effect is done, or the event asked for
		 * none (an order whose customer opted out of email).
		 */
		SUCCESS("success"),

		/**
		 * Its event was processed before, by this or another instance (a redelivery or a
		 * duplicate publish): acknowledged without a second effect.
		 */
		DUPLICATE("duplicate"),

		/** A transient failure: received again after a backoff. */
		RETRIED("retried"),

		/**
		 * A permanent failure: received again at once, so it reaches the DLQ after
		 * {@code maxReceiveCount} receives.
		 */
		FAILED("failed");

		private final String tag;

		Outcome(String tag) {
			this.tag = tag;
		}

		/**
		 * The value of the {@code outcome} tag.
		 * @return the tag value
		 */
		public String tag() {
			return this.tag;
		}

	}

}
