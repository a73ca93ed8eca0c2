package dev.fanoutlab.messaging;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The configured processing delay is held to the same maximum as the {@code listeners}
 * endpoint's.
 */
class ProcessingDelayTests {

	@Test
	void acceptsAConfiguredDelayUpToTheMaximum() {
		assertThat(new ProcessingDelay(Duration.ofSeconds(30), () -> Duration.ofSeconds(30)).get())
			.isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void rejectsAConfiguredDelayAboveTheMaximum() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ProcessingDelay(Duration.ofSeconds(31), () -> Duration.ofSeconds(30)))
			.withMessageContaining("fanout-lab.listener.processing-delay (PT31S) is above its maximum (PT30S");
	}

	@Test
	void rejectsANegativeConfiguredDelay() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ProcessingDelay(Duration.ofSeconds(-1), () -> Duration.ofSeconds(30)))
			.withMessageContaining("cannot be negative");
	}

	@Test
	void doesNotAskForTheMaximumWithoutADelay() {
		ProcessingDelay delay = new ProcessingDelay(Duration.ZERO, () -> {
			throw new AssertionError("the queue's visibility timeout was read without a delay to check");
		});

		assertThat(delay.get()).isZero();
	}

}
