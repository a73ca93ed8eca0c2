package dev.fanoutlab.producer.orders;

/**
 * The broker did not accept an event; nothing was published.
 */
public class PublishFailedException extends RuntimeException {

	public PublishFailedException(String message, Throwable cause) {
		super(message, cause);
	}

}
