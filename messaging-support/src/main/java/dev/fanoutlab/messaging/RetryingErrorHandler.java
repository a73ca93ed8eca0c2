package dev.fanoutlab.messaging;

import java.util.concurrent.CompletableFuture;

import dev.fanoutlab.logging.LogSanitizer;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.errorhandler.AsyncErrorHandler;
import io.awspring.cloud.sqs.listener.errorhandler.ExponentialBackoffErrorHandler;
import io.awspring.cloud.sqs.listener.errorhandler.ImmediateRetryAsyncErrorHandler;
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
 * visible again at once (Spring Cloud AWS's {@link ImmediateRetryAsyncErrorHandler}), so
 * the message reaches the DLQ within seconds instead of bouncing through backoff.</li>
 * <li>Anything else is taken as transient: exponential backoff through the visibility
 * timeout ({@code initial * 2^(receiveCount-1)}, at most {@code max-backoff}; Spring
 * Cloud AWS's {@link ExponentialBackoffErrorHandler}, without jitter), so a dependency
 * gets time to recover.</li>
 * </ul>
 * Logs are safe from what publishers send ({@link LogSanitizer}): one line per receive
 * with the escaped, truncated reason, and the body, escaped and truncated to
 * {@value LogSanitizer#MAX_EXCERPT} characters, only on a permanent failure's first
 * receive. The failure handed back to the listener container, which logs it too, is a
 * {@link ListenerFailureException} with the same safe message.
 */
class RetryingErrorHandler implements AsyncErrorHandler<Object> {

	private static final Logger logger = LoggerFactory.getLogger(RetryingErrorHandler.class);

	private final ExponentialBackoffErrorHandler<Object> backoff;

	private final ImmediateRetryAsyncErrorHandler<Object> immediately = new ImmediateRetryAsyncErrorHandler<>();

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
		ListenerFailureException safe = ListenerFailureException.of(failure);
		String receiveCount = receiveCount(message);
		if (isPermanent(failure)) {
			this.metrics.failed(ProcessingMetrics.Outcome.FAILED);
			if ("1".equals(receiveCount)) {
				logger.warn("Permanent failure, message {} heads for the DLQ: {}; body: {}",
						message.getHeaders().getId(), safe.getMessage(),
						LogSanitizer.sanitize(String.valueOf(message.getPayload()), LogSanitizer.MAX_EXCERPT));
			}
			else {
				logger.warn("Permanent failure (receive {}), message {} heads for the DLQ: {}", receiveCount,
						message.getHeaders().getId(), safe.getMessage());
			}
			return this.immediately.handle(message, safe);
		}
		this.metrics.failed(ProcessingMetrics.Outcome.RETRIED);
		logger.warn("Transient failure (receive {}), message {} will be retried with backoff: {}", receiveCount,
				message.getHeaders().getId(), safe.getMessage());
		return this.backoff.handle(message, safe);
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

	private static String receiveCount(Message<Object> message) {
		Object count = message.getHeaders().get(SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT);
		return (count != null) ? LogSanitizer.sanitize(count.toString(), 10) : "?";
	}

	/**
	 * A listener's failure as the container may log it: the root cause's type and
	 * message, escaped and truncated, with the root cause's stack trace, and no cause
	 * chain that would print raw messages.
	 */
	static final class ListenerFailureException extends RuntimeException {

		private ListenerFailureException(String message, StackTraceElement[] stackTrace) {
			super(message);
			setStackTrace(stackTrace);
		}

		static ListenerFailureException of(Throwable failure) {
			Throwable root = failure;
			while (root.getCause() != null && root.getCause() != root) {
				root = root.getCause();
			}
			// A PermanentFailureException's message is sanitised already.
			String message = (root instanceof PermanentFailureException) ? root.getMessage()
					: LogSanitizer.sanitize(root.getMessage(), 500);
			return new ListenerFailureException(root.getClass().getSimpleName() + ": " + message, root.getStackTrace());
		}

	}

}
