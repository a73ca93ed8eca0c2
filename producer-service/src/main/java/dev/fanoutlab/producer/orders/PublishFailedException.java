package dev.fanoutlab.producer.orders;

import dev.fanoutlab.producer.web.ApiProblem;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * SNS did not confirm an event (503 with {@code Retry-After}). Whether it published it is
 * unknown: a timeout or a lost response can follow an accepted publish. With an
 * Idempotency-Key a retry publishes the same event (its ids are in the problem); without
 * one a retry is a new order.
 */
class PublishFailedException extends ErrorResponseException {

	private final String reason;

	PublishFailedException(String reason, Throwable cause) {
		this(reason, cause, null, false);
	}

	private PublishFailedException(String reason, Throwable cause, @Nullable OrderAccepted ids, boolean keyed) {
		super(HttpStatus.SERVICE_UNAVAILABLE, ApiProblem.of(HttpStatus.SERVICE_UNAVAILABLE, "messaging-unavailable",
				"Messaging unavailable",
				"SNS did not confirm the order's event; it may or may not have been published. " + (keyed
						? "Retry with the same Idempotency-Key: the retry publishes the same event "
								+ "(same orderId and eventId), which subscribers de-duplicate."
						: "A retry without an Idempotency-Key places a second order: send one to retry safely.")),
				cause);
		this.reason = reason;
		getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
		if (ids != null) {
			getBody().setProperty("orderId", ids.orderId());
			getBody().setProperty("eventId", ids.eventId());
		}
	}

	/**
	 * This failure, answered with the ids of the event that may have been published.
	 * @param ids the order and event ids
	 * @param keyed whether the request had an Idempotency-Key, so that a retry publishes
	 * the same event
	 * @return a copy with the ids in its problem
	 */
	PublishFailedException withIds(OrderAccepted ids, boolean keyed) {
		PublishFailedException copy = new PublishFailedException(this.reason, getCause(), ids, keyed);
		copy.setStackTrace(getStackTrace());
		return copy;
	}

	@Override
	public String getMessage() {
		return this.reason;
	}

}
