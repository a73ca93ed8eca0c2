package dev.fanoutlab.consumer.fulfilment;

/**
 * The message can never be processed, however often it is retried: it goes to the
 * dead-letter queue without backoff.
 */
public class PermanentFailureException extends RuntimeException {

	public PermanentFailureException(String message) {
		super(message);
	}

}
