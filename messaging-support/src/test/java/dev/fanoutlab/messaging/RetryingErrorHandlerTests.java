package dev.fanoutlab.messaging;

import java.util.concurrent.CompletionException;

import io.awspring.cloud.sqs.listener.ListenerExecutionFailedException;
import org.junit.jupiter.api.Test;

import org.springframework.messaging.converter.MessageConversionException;

import static org.assertj.core.api.Assertions.assertThat;

class RetryingErrorHandlerTests {

	@Test
	void takesAPermanentFailureWrappedByTheListenerContainerAsPermanent() {
		Throwable failure = new CompletionException(new ListenerExecutionFailedException("failed",
				new PermanentFailureException("unknown SKU"), (org.springframework.messaging.Message<?>) null));

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

}
