package dev.fanoutlab.producer.orders;

import java.time.Instant;

import dev.fanoutlab.producer.web.ApiProblem;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * Idempotency keys of {@code POST /api/orders}, kept where every producer instance sees
 * them.
 * <p>
 * The contract:
 * <ul>
 * <li>The first request with a key claims it, with a short lease, and fixes the event's
 * identity (orderId, eventId, occurredAt, correlationId) for the life of the key.</li>
 * <li>Once the event was published the key is completed: every later request with the
 * same key and the same order replays the first answer and publishes nothing.</li>
 * <li>If the outcome of the publish is unknown (SNS failed or timed out, or completing
 * the key failed), the key is never released: a retry takes it over, once the lease has
 * ended, and publishes the <em>same</em> event again, which subscribers de-duplicate on
 * its eventId. New ids are never published for a key once a publish was attempted.</li>
 * <li>While another request holds a live lease, a request with the same key gets
 * {@link RequestInProgressException} (409); a crashed request blocks its key only until
 * its lease ends.</li>
 * <li>A key is released (forgotten) only when nothing can have been published.</li>
 * <li>After the retention the key is free again: a request with it is a new order.</li>
 * </ul>
 */
interface IdempotencyKeys {

	/**
	 * Claim a key for an order.
	 * @param key the client's idempotency key
	 * @param order the order sent with it
	 * @param proposed the identity of the event to publish if the key is new
	 * @return {@link Claim.Owned} if the caller must publish (the proposed event, or the
	 * stored one after a takeover), {@link Claim.Completed} with the first answer if the
	 * event with this key was published and the key completed
	 * @throws KeyReusedException if the key was claimed for a different order
	 * @throws RequestInProgressException if another request holds the key's lease
	 */
	Claim claim(String key, PlaceOrder order, Attempt proposed);

	/**
	 * The event of this claim was published; later claims replay its answer.
	 * @param claim the caller's claim
	 */
	void complete(Claim.Owned claim);

	/**
	 * Publishing failed in a way that may or may not have reached SNS: end the lease now
	 * but keep the event's identity, so that a retry takes over at once and publishes the
	 * same event.
	 * @param claim the caller's claim
	 */
	void endLease(Claim.Owned claim);

	/**
	 * Nothing was published and nothing can have been: forget the claim, so that the key
	 * can be used again. Only a claim that was never taken over may be released.
	 * @param claim the caller's claim
	 */
	void release(Claim.Owned claim);

	/**
	 * The identity of an event: what a retry must publish again.
	 *
	 * @param ids the order and event ids answered to the client
	 * @param occurredAt when the order was accepted
	 * @param correlationId the correlation id of the first request
	 */
	record Attempt(OrderAccepted ids, Instant occurredAt, String correlationId) {

	}

	/** The outcome of a claim. */
	sealed interface Claim {

		/**
		 * The caller holds the key's lease: publish {@code attempt}.
		 *
		 * @param key the key
		 * @param leaseToken identifies this holder of the lease
		 * @param attempt the event to publish
		 * @param takenOver whether an earlier request may already have published it
		 */
		record Owned(String key, String leaseToken, Attempt attempt, boolean takenOver) implements Claim {
		}

		/**
		 * The event with this key was published: answer as the first time.
		 *
		 * @param response the first answer
		 */
		record Completed(OrderAccepted response) implements Claim {
		}

	}

	/** The key was used with a different order (422). */
	class KeyReusedException extends ErrorResponseException {

		KeyReusedException(String key) {
			super(HttpStatus.UNPROCESSABLE_CONTENT,
					ApiProblem.of(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", "Idempotency-Key reused",
							"Idempotency-Key '" + key + "' was already used for a different order"),
					null);
		}

	}

	/**
	 * Another request holds the key's lease (409, with {@code Retry-After} when the lease
	 * ends at the latest, at least 1 s).
	 */
	class RequestInProgressException extends ErrorResponseException {

		RequestInProgressException(String key, long retryAfterSeconds) {
			super(HttpStatus.CONFLICT,
					ApiProblem.of(HttpStatus.CONFLICT, "request-in-progress", "Request in progress",
							"A request with Idempotency-Key '" + key + "' is in progress; retry in " + retryAfterSeconds
									+ " s with the same key"),
					null);
			getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
		}

	}

}
