package dev.fanoutlab.producer.orders;

/**
 * The event with its message attributes would not fit in one SNS message (256 KiB by
 * default on a topic); it was refused before any call to SNS, so nothing was published
 * (413).
 */
public class MessageTooLargeException extends RuntimeException {

	public MessageTooLargeException(String message) {
		super(message);
	}

}
