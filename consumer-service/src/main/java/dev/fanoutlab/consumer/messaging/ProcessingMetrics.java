package dev.fanoutlab.consumer.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * Metrics of the {@code order-fulfilment} queue:
 * {@code fanoutlab.messages.processed{outcome}} (fulfilled, duplicate, retried, failed),
 * {@code fanoutlab.messages.processing} (time in the listener) and
 * {@code fanoutlab.events.latency} (from publish to processed).
 */
@Component
class ProcessingMetrics {

	private final MeterRegistry meters;

	private final Clock clock;

	private final Timer processing;

	private final Timer latency;

	ProcessingMetrics(MeterRegistry meters, Clock clock) {
		this.meters = meters;
		this.clock = clock;
		this.processing = Timer.builder("fanoutlab.messages.processing")
			.description("Time to process one message")
			.tag("queue", OrderFulfilmentListener.ID)
			.publishPercentileHistogram()
			.register(meters);
		this.latency = Timer.builder("fanoutlab.events.latency")
			.description("From the event's occurredAt to its processing")
			.tag("queue", OrderFulfilmentListener.ID)
			.publishPercentileHistogram()
			.register(meters);
	}

	void processed(String outcome, Duration took, Instant occurredAt) {
		counter(outcome).increment();
		this.processing.record(took);
		Duration endToEnd = (occurredAt != null) ? Duration.between(occurredAt, this.clock.instant()) : null;
		if (endToEnd != null && !endToEnd.isNegative()) {
			// Negative only under clock skew between producer and consumer hosts.
			this.latency.record(endToEnd);
		}
	}

	void failed(String outcome) {
		counter(outcome).increment();
	}

	Counter counter(String outcome) {
		return Counter.builder("fanoutlab.messages.processed")
			.description("Messages received, by how processing ended")
			.tag("queue", OrderFulfilmentListener.ID)
			.tag("outcome", outcome)
			.register(this.meters);
	}

}
