package dev.fanoutlab.messaging;

import dev.fanoutlab.logging.LogSanitizer;

/**
 * The message can never be processed, however often it is received (unreadable body,
 * contract violation, business rule): it goes to the dead-letter queue without backoff.
 * <p>
 * Its message is made safe to log ({@link LogSanitizer}): such messages quote what a
 * publisher sent, and the listener container logs them as they are.
 */
public class PermanentFailureException extends RuntimeException {

	/** The longest message kept. */
	static final int MAX_MESSAGE = 500;

	public PermanentFailureException(String message) {
		super(LogSanitizer.sanitize(message, MAX_MESSAGE));
	}

}
