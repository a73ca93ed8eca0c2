package dev.fanoutlab.messaging;

/**
 * The message can never be processed, however often it is received (unreadable body,
 * contract violation, business rule): it goes to the dead-letter queue without backoff.
 */
public class PermanentFailureException extends RuntimeException {

	public PermanentFailureException(String message) {
		super(message);
	}

}
