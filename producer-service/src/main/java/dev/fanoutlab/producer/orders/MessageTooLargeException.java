package dev.fanoutlab.producer.orders;

/**
 * The event would not fit in one SNS message (256 KiB, attributes included); nothing was
 * published.
 */
public class MessageTooLargeException extends RuntimeException {

	public MessageTooLargeException(String message) {
		super(message);
	}

}
