package dev.fanoutlab.producer.orders;

/**
 * SNS did not confirm an event. Whether it published it is unknown: a timeout or a lost
 * response can follow an accepted publish.
 */
public class PublishFailedException extends RuntimeException {

	private final OrderAccepted ids;

	public PublishFailedException(String message, Throwable cause) {
		this(message, cause, null);
	}

	private PublishFailedException(String message, Throwable cause, OrderAccepted ids) {
		super(message, cause);
		this.ids = ids;
	}

	PublishFailedException withIds(OrderAccepted ids) {
		PublishFailedException copy = new PublishFailedException(getMessage(), getCause(), ids);
		copy.setStackTrace(getStackTrace());
		return copy;
	}

	/**
	 * The ids of the event that may have been published.
	 * @return the ids, or {@code null} if unknown
	 */
	public OrderAccepted ids() {
		return this.ids;
	}

}
