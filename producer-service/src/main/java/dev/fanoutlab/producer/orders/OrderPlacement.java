package dev.fanoutlab.producer.orders;

import java.time.Clock;
import java.util.Locale;
import java.util.UUID;

import dev.fanoutlab.producer.orders.IdempotencyKeys.Attempt;
import dev.fanoutlab.producer.orders.IdempotencyKeys.Claim;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.stereotype.Service;

/**
 * Places orders: turns a valid {@link PlaceOrder} into an {@link OrderPlaced} event that
 * {@link SnsOrderPublisher} publishes, at most once per idempotency key
 * ({@link IdempotencyKeys}).
 */
@Service
class OrderPlacement {

	private static final Logger logger = LoggerFactory.getLogger(OrderPlacement.class);

	private final SnsOrderPublisher publisher;

	private final IdempotencyKeys idempotencyKeys;

	private final Clock clock;

	OrderPlacement(SnsOrderPublisher publisher, IdempotencyKeys idempotencyKeys, Clock clock) {
		this.publisher = publisher;
		this.idempotencyKeys = idempotencyKeys;
		this.clock = clock;
	}

	/**
	 * Publish the order and return once SNS accepted it.
	 * @param order a valid order
	 * @param correlationId the caller's correlation id
	 * @return the ids of the order and of its event
	 * @throws PublishFailedException if SNS did not confirm the event; it may still have
	 * published it
	 * @throws MessageTooLargeException if the event is over the largest published (an
	 * event over SNS's 256 KiB goes by claim check); nothing was published
	 */
	OrderAccepted place(PlaceOrder order, String correlationId) {
		Attempt attempt = new Attempt(new OrderAccepted(UUID.randomUUID(), UUID.randomUUID()), this.clock.instant(),
				correlationId);
		publish(order, attempt, false);
		return attempt.ids();
	}

	/**
	 * Like {@link #place}, at most once per idempotency key as {@link IdempotencyKeys}
	 * describes: a retry with the same key and the same order answers what the first
	 * request answered; if the first request's outcome is unknown, the retry publishes
	 * the same event again (same orderId and eventId), never a new one.
	 * <p>
	 * When SNS accepted the event but the key could not be completed, the answer is still
	 * the ids (the order was placed); a later retry re-publishes the same event once the
	 * lease ended, which subscribers de-duplicate.
	 * @param order a valid order
	 * @param correlationId the caller's correlation id
	 * @param idempotencyKey the client's key for this order
	 * @return the ids of the order and of its event, the same for every retry
	 * @throws IdempotencyKeys.KeyReusedException if the key was used for another order
	 * @throws IdempotencyKeys.RequestInProgressException if another request with this key
	 * holds its lease
	 * @throws PublishFailedException if SNS did not confirm the event; it carries the ids
	 * a retry with the same key publishes again
	 */
	OrderAccepted place(PlaceOrder order, String correlationId, String idempotencyKey) {
		Attempt proposed = new Attempt(new OrderAccepted(UUID.randomUUID(), UUID.randomUUID()), this.clock.instant(),
				correlationId);
		Claim claim = this.idempotencyKeys.claim(idempotencyKey, order, proposed);
		if (claim instanceof Claim.Completed completed) {
			logger.info("Replayed order {} for idempotency key {}", completed.response().orderId(), idempotencyKey);
			return completed.response();
		}
		Claim.Owned owned = (Claim.Owned) claim;
		try {
			publish(order, owned.attempt(), true);
		}
		catch (MessageTooLargeException ex) {
			// Refused before any call to SNS: nothing can have been published.
			if (!owned.takenOver()) {
				bestEffort(() -> this.idempotencyKeys.release(owned), idempotencyKey, "release", ex);
			}
			throw ex;
		}
		catch (RuntimeException ex) {
			// SNS may have the event: keep its ids for the retry, and let it in at once.
			bestEffort(() -> this.idempotencyKeys.endLease(owned), idempotencyKey, "end the lease of", ex);
			throw ex;
		}
		try {
			this.idempotencyKeys.complete(owned);
		}
		catch (RuntimeException ex) {
			logger.warn(
					"Published event {} but could not complete idempotency key {} ({}); a retry after the lease "
							+ "publishes the same event again",
					owned.attempt().ids().eventId(), idempotencyKey, ex.getClass().getSimpleName());
		}
		return owned.attempt().ids();
	}

	private void bestEffort(Runnable action, String idempotencyKey, String what, RuntimeException failure) {
		try {
			action.run();
		}
		catch (RuntimeException ex) {
			// The lease ends by itself; a retry then takes the key over.
			failure.addSuppressed(ex);
			logger.warn("Could not {} idempotency key {} ({})", what, idempotencyKey, ex.getClass().getSimpleName());
		}
	}

	private void publish(PlaceOrder order, Attempt attempt, boolean keyed) {
		OrderPlaced event = OrderPlaced.of(order, attempt.ids().orderId(), attempt.ids().eventId(),
				attempt.occurredAt(), attempt.correlationId());
		try (MDC.MDCCloseable orderId = MDC.putCloseable("orderId", event.orderId().toString());
				MDC.MDCCloseable eventId = MDC.putCloseable("eventId", event.eventId().toString())) {
			Lane lane = order.laneOrDefault();
			if (lane == Lane.FIFO) {
				this.publisher.publishFifo(event);
			}
			else {
				this.publisher.publish(event);
			}
			logger.info("Published {} for order {} with {} item(s) on the {} lane", event.eventType(), event.orderId(),
					event.items().size(), lane.name().toLowerCase(Locale.ROOT));
		}
		catch (PublishFailedException ex) {
			throw ex.withIds(attempt.ids(), keyed);
		}
	}

}
