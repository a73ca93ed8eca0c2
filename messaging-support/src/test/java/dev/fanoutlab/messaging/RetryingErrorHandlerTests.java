package dev.fanoutlab.messaging;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;

import io.awspring.cloud.sqs.listener.ListenerExecutionFailedException;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.Visibility;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.messaging.Message;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retry schedule, without a queue: which visibility timeout the handler asks SQS for
 * on each receive (the emulator tests prove that SQS then keeps it).
 */
class RetryingErrorHandlerTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ProcessingMetrics metrics = new ProcessingMetrics(this.meters, Clock.systemUTC(), "q");

	private final List<Integer> visibilityTimeouts = new ArrayList<>();

	@Test
	void doublesTheVisibilityTimeoutOfATransientFailureOnEachReceiveUpToTheMaximum() {
		RetryingErrorHandler handler = handler(Duration.ofSeconds(2), Duration.ofSeconds(30));

		IntStream.rangeClosed(1, 6)
			.forEach((receive) -> handler.handle(message(receive), new IllegalStateException("timeout"))
				.exceptionally((ex) -> null)
				.join());

		assertThat(this.visibilityTimeouts).containsExactly(2, 4, 8, 16, 30, 30);
		assertThat(this.metrics.counter(ProcessingMetrics.Outcome.RETRIED).count()).isEqualTo(6);
	}

	@Test
	void backsOffAtLeastOneSecondWhateverTheInitialBackoff() {
		RetryingErrorHandler handler = handler(Duration.ofMillis(100), Duration.ofMinutes(5));

		handler.handle(message(1), new IllegalStateException("timeout")).exceptionally((ex) -> null).join();

		assertThat(this.visibilityTimeouts).containsExactly(1);
	}

	@Test
	void makesAPermanentFailureVisibleAgainAtOnceOnEveryReceive() {
		RetryingErrorHandler handler = handler(Duration.ofSeconds(2), Duration.ofMinutes(5));

		IntStream.rangeClosed(1, 3)
			.forEach((receive) -> assertThat(handler.handle(message(receive), new PermanentFailureException("no")))
				.isCompletedExceptionally());

		assertThat(this.visibilityTimeouts).containsExactly(0, 0, 0);
		assertThat(this.metrics.counter(ProcessingMetrics.Outcome.FAILED).count()).isEqualTo(3);
		assertThat(this.metrics.counter(ProcessingMetrics.Outcome.RETRIED).count()).isZero();
	}

	@Test
	void handsTheContainerAFailureThatQuotesNoRawLineBreak() {
		RetryingErrorHandler handler = handler(Duration.ofSeconds(2), Duration.ofMinutes(5));

		assertThat(handler.handle(message(1), new IllegalStateException("down\r\nFORGED")))
			.failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(Exception.class)
			.havingRootCause()
			.isInstanceOf(RetryingErrorHandler.ListenerFailureException.class)
			.withMessage("IllegalStateException: down\\r\\nFORGED");
	}

	@Test
	void takesAPermanentFailureWrappedByTheListenerContainerAsPermanent() {
		Throwable failure = new CompletionException(new ListenerExecutionFailedException("failed",
				new PermanentFailureException("unknown SKU"), (Message<?>) null));

		assertThat(RetryingErrorHandler.isPermanent(failure)).isTrue();
	}

	@Test
	void takesAnUnconvertiblePayloadAsPermanent() {
		assertThat(RetryingErrorHandler.isPermanent(new MessageConversionException("not JSON"))).isTrue();
	}

	@Test
	void takesAnythingElseAsTransient() {
		assertThat(RetryingErrorHandler.isPermanent(new CompletionException(new IllegalStateException("timeout"))))
			.isFalse();
	}

	private RetryingErrorHandler handler(Duration initialBackoff, Duration maxBackoff) {
		return new RetryingErrorHandler(new ListenerProperties("q", initialBackoff, maxBackoff, Duration.ofSeconds(20),
				Duration.ofSeconds(10), Duration.ZERO, null), this.metrics);
	}

	/**
	 * A received message whose visibility changes are recorded instead of sent to SQS.
	 */
	private Message<Object> message(int receiveCount) {
		Visibility visibility = (seconds) -> {
			this.visibilityTimeouts.add(seconds);
			return CompletableFuture.completedFuture(null);
		};
		return MessageBuilder.<Object>withPayload("{}")
			.setHeader(SqsHeaders.SQS_VISIBILITY_TIMEOUT_HEADER, visibility)
			.setHeader(SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT, String.valueOf(receiveCount))
			.build();
	}

}
