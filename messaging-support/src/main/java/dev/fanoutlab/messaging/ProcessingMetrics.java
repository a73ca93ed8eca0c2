package dev.fanoutlab.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Metrics of the queue a service reads, tagged with {@code queue}:
 * <ul>
 * <li>{@code fanoutlab.messages.processed{outcome}}: receives by how they ended:
 * {@code success}, {@code duplicate} (processed before, acknowledged without effect),
 * {@code retried} (transient failure, backoff) and {@code failed} (permanent failure,
 * heading for the DLQ);</li>
 * <li>{@code fanoutlab.messages.processing}: time in the listener;</li>
 * <li>{@code fanoutlab.events.latency}: from the event's {@code occurredAt} to processed,
 * end to end.</li>
 * </ul>
 */
public class ProcessingMetrics {

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

	/**
	 * Count a processed message.
	 * @param outcome how it ended
	 * @param started when the listener got it
	 * @param occurredAt when its event occurred, or {@code null}
	 */
	public void processed(String outcome, Instant started, Instant occurredAt) {
		Instant now = this.clock.instant();
		counter(outcome).increment();
		this.processing.record(Duration.between(started, now));
		Duration endToEnd = (occurredAt != null) ? Duration.between(occurredAt, now) : null;
		if (endToEnd != null && !endToEnd.isNegative()) {
			// Negative only under clock skew between producer and consumer hosts.
			this.latency.record(endToEnd);
		}
	}

	void failed(String outcome) {
		counter(outcome).increment();
	}

	/**
	 * The counter of an outcome.
	 * @param outcome the outcome
	 * @return the counter
	 */
	public Counter counter(String outcome) {
		return Counter.builder("fanoutlab.messages.processed")
			.description("Messages received, by how processing ended")
			.tag("queue", this.queue)
			.tag("outcome", outcome)
			.register(this.meters);
	}

	public Instant now() {
		return this.clock.instant();
	}

}
