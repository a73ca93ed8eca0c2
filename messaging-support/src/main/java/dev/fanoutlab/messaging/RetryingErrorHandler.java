package dev.fanoutlab.messaging;

import java.util.concurrent.CompletableFuture;

import io.awspring.cloud.sqs.listener.errorhandler.AsyncErrorHandler;
import io.awspring.cloud.sqs.listener.errorhandler.ErrorHandlerVisibilityHelper;
import io.awspring.cloud.sqs.listener.errorhandler.ExponentialBackoffErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.messaging.Message;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.invocation.MethodArgumentResolutionException;

/**
 * Decides when a failed message is received again. It never acknowledges a failed
 * message, so SQS counts every receive and its redrive policy moves the message to the
 * dead-letter queue after {@code maxReceiveCount} receives.
 * <ul>
 * <li>Permanent failures ({@link PermanentFailureException}, unconvertible payloads):
 * visible again at once, so the message reaches the DLQ within seconds instead of
 * bouncing through backoff.</li>
 * <li>Anything else is taken as transient: exponential backoff through the visibility
 * timeout ({@code initial * 2^(receiveCount-1)}), so a dependency gets time to
 * recover.</li>
 * </ul>
 */
class RetryingErrorHandler implements AsyncErrorHandler<Object> {

	private static final Logger logger = LoggerFactory.getLogger(RetryingErrorHandler.class);

	private final ExponentialBackoffErrorHandler<Object> backoff;

	private final ProcessingMetrics metrics;

	RetryingErrorHandler(ListenerProperties properties, ProcessingMetrics metrics) {
		this.backoff = ExponentialBackoffErrorHandler.<Object>builder()
			.initialVisibilityTimeoutSeconds((int) Math.max(1, properties.initialBackoff().toSeconds()))
			.multiplier(2.0)
			.maxVisibilityTimeoutSeconds((int) properties.maxBackoff().toSeconds())
			.build();
		this.metrics = metrics;
	}

	@Override
	public CompletableFuture<Void> handle(Message<Object> message, Throwable failure) {
		if (isPermanent(failure)) {
			this.metrics.failed("failed");
			logger.warn("Permanent failure, message {} heads for the DLQ: {}", message.getHeaders().getId(),
					rootMessage(failure));
			return ErrorHandlerVisibilityHelper.getVisibility(message)
				.changeToAsync(0)
				.thenCompose((changed) -> CompletableFuture.failedFuture(failure));
		}
		this.metrics.failed("retried");
		logger.warn("Transient failure, message {} will be retried with backoff: {}", message.getHeaders().getId(),
				rootMessage(failure));
		return this.backoff.handle(message, failure);
	}

	static boolean isPermanent(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof PermanentFailureException || cause instanceof MessageConversionException
					|| cause instanceof MethodArgumentResolutionException) {
				return true;
			}
		}
		return false;
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return root.getMessage();
	}

}
