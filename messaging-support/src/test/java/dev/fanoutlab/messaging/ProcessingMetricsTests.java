package dev.fanoutlab.messaging;

import java.time.Clock;
import java.time.Instant;

import dev.fanoutlab.messaging.ProcessingMetrics.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

class ProcessingMetricsTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ProcessingMetrics metrics = new ProcessingMetrics(this.meters, Clock.systemUTC(), "q");

	@Test
	void countsAProcessedMessageWhoseEventIsCenturiesOldWithoutFailingIt() {
		Instant now = Instant.now();

		assertThatNoException()
			.isThrownBy(() -> this.metrics.processed(Outcome.SUCCESS, now, Instant.parse("0001-01-01T00:00:00Z")));

		assertThat(this.metrics.counter(Outcome.SUCCESS).count()).isEqualTo(1);
		assertThat(this.meters.get("fanoutlab.events.latency").timer().count()).isZero();
	}

	@Test
	void neverFailsAProcessedMessageWhateverItsTimestamps() {
		assertThatNoException().isThrownBy(() -> this.metrics.processed(Outcome.SUCCESS, Instant.MIN, Instant.MAX));
		assertThatNoException().isThrownBy(() -> this.metrics.processed(Outcome.SUCCESS, Instant.now(), Instant.MIN));
	}

	@Test
	void countsEachOutcomeUnderTheTagValueTheLabsAndDashboardsRead() {
		for (Outcome outcome : Outcome.values()) {
			this.metrics.counter(outcome).increment();
		}

		assertThat(this.meters.get("fanoutlab.messages.processed").counters())
			.extracting((counter) -> counter.getId().getTag("outcome"))
			.containsExactlyInAnyOrder("success", "duplicate", "retried", "failed");
	}

	@Test
	void recordsTheEndToEndLatencyOfAnOrdinaryEvent() {
		Instant now = Instant.now();

		this.metrics.processed(Outcome.SUCCESS, now, now.minusSeconds(3));

		assertThat(this.meters.get("fanoutlab.events.latency").timer().count()).isEqualTo(1);
	}

}
