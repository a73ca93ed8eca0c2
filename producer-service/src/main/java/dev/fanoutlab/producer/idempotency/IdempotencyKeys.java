package dev.fanoutlab.producer.idempotency;

import dev.fanoutlab.producer.orders.OrderAccepted;
import dev.fanoutlab.producer.orders.PlaceOrder;

/**
 * Idempotency keys of {@code POST /api/orders}, kept where every producer instance sees
 * them. A key is claimed before publishing, completed after, and released if publishing
 * failed so that the client can retry.
 */
public interface IdempotencyKeys {

	/**
	 * Claim a key for an order.
	 * @param key the client's idempotency key
	 * @param order the order sent with it
	 * @param proposed the ids to answer with if the key is new
	 * @return {@link Claim.New} if the caller should publish, {@link Claim.Completed}
	 * with the first answer if a request with this key was already published
	 * @throws KeyReusedException if the key was claimed for a different order
	 * @throws RequestInProgressException if the first request with this key is still
	 * being published
	 */
	Claim claim(String key, PlaceOrder order, OrderAccepted proposed);

	/**
	 * The order with this key was published; later claims replay its answer.
	 * @param key the key
	 */
	void complete(String key);

	/**
	 * Publishing failed; forget the claim so that a retry publishes.
	 * @param key the key
	 */
	void release(String key);

	/** The outcome of a claim. */
	sealed interface Claim {

		/** The key is new: publish. */
		record New() implements Claim {
		}

		/**
		 * The key was used before: answer as the first time.
		 *
		 * @param response the first answer
		 */
		record Completed(OrderAccepted response) implements Claim {
		}

	}

	/** The key was used with a different order (422). */
	class KeyReusedException extends RuntimeException {

		public KeyReusedException(String key) {
			super("Idempotency-Key '" + key + "' was already used for a different order");
		}

	}

	/** The first request with the key is still being published (409). */
	class RequestInProgressException extends RuntimeException {

		public RequestInProgressException(String key) {
			super("A request with Idempotency-Key '" + key + "' is still in progress; retry shortly");
		}

	}

}
