package dev.fanoutlab.messaging;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.fanoutlab.messaging.ProcessingMetrics.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.validation.Validation;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EventProcessorTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ProcessingMetrics metrics = new ProcessingMetrics(this.meters, Clock.systemUTC(), "q");

	private final EventProcessor processor = new EventProcessor(
			new EventReader(JsonMapper.builder().build(), Validation.buildDefaultValidatorFactory().getValidator()),
			this.metrics);

	private final UUID eventId = UUID.randomUUID();

	private final UUID orderId = UUID.randomUUID();

	@Test
	void processesTheEventWithItsLogContextAndCountsHowItEnded() {
		Map<String, String> mdc = new HashMap<>();

		this.processor.process(body(), Placed.class, "3", (event) -> {
			mdc.putAll(MDC.getCopyOfContextMap());
			return Outcome.DUPLICATE;
		});

		assertThat(mdc).containsEntry(LogContext.EVENT_ID, this.eventId.toString())
			.containsEntry(LogContext.ORDER_ID, this.orderId.toString())
			.containsEntry(LogContext.CORRELATION_ID, "req-1")
			.containsEntry(LogContext.APPROXIMATE_RECEIVE_COUNT, "3");
		assertThat(MDC.get(LogContext.EVENT_ID)).as("closed afterwards").isNull();
		assertThat(this.metrics.counter(Outcome.DUPLICATE).count()).isEqualTo(1);
		assertThat(this.meters.get("fanoutlab.events.latency").timer().count()).isEqualTo(1);
	}

	@Test
	void neverProcessesAnInvalidEventAndLeavesItsCountToTheErrorHandler() {
		assertThatExceptionOfType(PermanentFailureException.class).isThrownBy(
				() -> this.processor.process("{\"eventId\":\"" + this.eventId + "\"}", Placed.class, "1", (event) -> {
					throw new AssertionError("processed");
				}));

		assertThat(this.meters.find("fanoutlab.messages.processed").counters()).isEmpty();
	}

	@Test
	void letsAFailureOfProcessingThroughUncounted() {
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.processor.process(body(), Placed.class, "1", (event) -> {
				throw new IllegalStateException("down");
			}));

		assertThat(this.meters.find("fanoutlab.messages.processed").counters()).isEmpty();
		assertThat(MDC.get(LogContext.EVENT_ID)).as("closed afterwards").isNull();
	}

	private String body() {
		return "{\"eventId\":\"%s\",\"orderId\":\"%s\",\"correlationId\":\"req-1\",\"occurredAt\":\"%s\"}"
			.formatted(this.eventId, this.orderId, Instant.now());
	}

	record Placed(@NotNull UUID eventId, @NotNull UUID orderId, @Nullable String correlationId,
			@Nullable Instant occurredAt) implements ReceivedEvent {

	}

}
