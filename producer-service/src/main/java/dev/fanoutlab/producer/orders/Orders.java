package dev.fanoutlab.producer.orders;

import java.time.Clock;
import java.util.UUID;

import dev.fanoutlab.producer.idempotency.IdempotencyKeys;
import dev.fanoutlab.producer.idempotency.IdempotencyKeys.Claim;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.stereotype.Service;

/**
 * Places orders: turns a valid {@link PlaceOrder} into a published {@link OrderPlaced}.
 */
@Service
public class Orders {

	private static final Logger logger = LoggerFactory.getLogger(Orders.class);

	private final OrderPublisher publisher;

	private final IdempotencyKeys idempotencyKeys;

	private final Clock clock;

	Orders(OrderPublisher publisher, IdempotencyKeys idempotencyKeys, Clock clock) {
		this.publisher = publisher;
		this.idempotencyKeys = idempotencyKeys;
		this.clock = clock;
	}

	/**
	 * Publish the order and return once the broker accepted it.
	 * @param order a valid order
	 * @param correlationId the caller's correlation id
	 * @return the ids of the order and of its event
	 * @throws PublishFailedException if the broker did not accept the event
	 */
	public OrderAccepted place(PlaceOrder order, String correlationId) {
		return publish(order, new OrderAccepted(UUID.randomUUID(), UUID.randomUUID()), correlationId);
	}

	/**
	 * Like {@link #place}, at most once per idempotency key: a retry with the same key
	 * and the same order answers what the first request answered and publishes nothing
	 * new.
	 * @param order a valid order
	 * @param correlationId the caller's correlation id
	 * @param idempotencyKey the client's key for this order
	 * @return the ids of the order and of its event, the same for every retry
	 * @throws IdempotencyKeys.KeyReusedException if the key was used for another order
	 * @throws IdempotencyKeys.RequestInProgressException if the first request with this
	 * key is still being published
	 */
	public OrderAccepted place(PlaceOrder order, String correlationId, String idempotencyKey) {
		OrderAccepted proposed = new OrderAccepted(UUID.randomUUID(), UUID.randomUUID());
		Claim claim = this.idempotencyKeys.claim(idempotencyKey, order, proposed);
		if (claim instanceof Claim.Completed completed) {
			logger.info("Replayed order {} for idempotency key {}", completed.response().orderId(), idempotencyKey);
			return completed.response();
		}
		try {
			OrderAccepted accepted = publish(order, proposed, correlationId);
			this.idempotencyKeys.complete(idempotencyKey);
			return accepted;
		}
		catch (RuntimeException ex) {
			release(idempotencyKey, ex);
			throw ex;
		}
	}

	private void release(String idempotencyKey, RuntimeException failure) {
		try {
			this.idempotencyKeys.release(idempotencyKey);
		}
		catch (RuntimeException ex) {
			// The key stays IN_PROGRESS until it expires; retries get 409 meanwhile.
			failure.addSuppressed(ex);
			logger.error("Could not release idempotency key {}", idempotencyKey, ex);
		}
	}

	private OrderAccepted publish(PlaceOrder order, OrderAccepted ids, String correlationId) {
		OrderPlaced event = OrderPlaced.of(order, ids.orderId(), ids.eventId(), this.clock.instant(), correlationId);
		try (MDC.MDCCloseable orderId = MDC.putCloseable("orderId", event.orderId().toString());
				MDC.MDCCloseable eventId = MDC.putCloseable("eventId", event.eventId().toString())) {
			this.publisher.publish(event);
			logger.info("Published {} for order {} with {} item(s)", event.eventType(), event.orderId(),
					event.items().size());
		}
		return ids;
	}

}
