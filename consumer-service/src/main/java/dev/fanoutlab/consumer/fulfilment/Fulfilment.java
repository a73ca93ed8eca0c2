package dev.fanoutlab.consumer.fulfilment;

import dev.fanoutlab.messaging.PermanentFailureException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Fulfils orders at most once per event, whatever the number of deliveries.
 */
@Service
public class Fulfilment {

	private static final Logger logger = LoggerFactory.getLogger(Fulfilment.class);

	private final Warehouse warehouse;

	private final Fulfilments fulfilments;

	private final Clock clock;

	Fulfilment(Warehouse warehouse, Fulfilments fulfilments, Clock clock) {
		this.warehouse = warehouse;
		this.fulfilments = fulfilments;
		this.clock = clock;
	}

	/**
	 * Fulfil the order of an event.
	 * @param event the event
	 * @return {@link Outcome#FULFILLED}, or {@link Outcome#DUPLICATE} if this event was
	 * fulfilled before
	 * @throws PermanentFailureException if the event is invalid or the order can never be
	 * fulfilled
	 * @throws Warehouse.WarehouseUnavailableException if a retry may succeed
	 */
	public Outcome fulfil(OrderPlaced event) {
		requireValid(event);
		if (this.fulfilments.contains(event.eventId())) {
			return Outcome.DUPLICATE;
		}
		this.warehouse.reserve(event.orderId(), event);
		FulfilmentRecord record = new FulfilmentRecord(event.orderId(), event.eventId(), event.correlationId(),
				event.items().stream().mapToInt(OrderPlaced.Line::quantity).sum(), event.total(), event.currency(),
				event.occurredAt(), this.clock.instant());
		// The conditional write decides between concurrent deliveries of one event.
		if (!this.fulfilments.recordOnce(record)) {
			return Outcome.DUPLICATE;
		}
		logger.info("Fulfilled order {}", event.orderId());
		return Outcome.FULFILLED;
	}

	public Optional<FulfilmentRecord> find(UUID orderId) {
		return this.fulfilments.findByOrderId(orderId);
	}

	private static void requireValid(OrderPlaced event) {
		if (event.schemaVersion() == null || event.schemaVersion() != 1) {
			throw new PermanentFailureException("Unsupported OrderPlaced schemaVersion " + event.schemaVersion());
		}
		if (event.eventId() == null || event.orderId() == null || event.occurredAt() == null || event.currency() == null
				|| event.total() == null || event.items() == null || event.items().isEmpty()
				|| event.items().stream().anyMatch((line) -> line.sku() == null || line.quantity() == null)) {
			throw new PermanentFailureException("OrderPlaced " + event.eventId() + " violates the v1 contract");
		}
	}

	/** What processing an event did. */
	public enum Outcome {

		FULFILLED, DUPLICATE

	}

	/**
	 * A fulfilled order.
	 *
	 * @param orderId the order
	 * @param eventId the event it was fulfilled for
	 * @param correlationId the correlation id of the order request
	 * @param units total quantity shipped
	 * @param total the order total
	 * @param currency the currency of the total
	 * @param placedAt when the order was placed
	 * @param fulfilledAt when it was fulfilled
	 */
	public record FulfilmentRecord(UUID orderId, UUID eventId, String correlationId, int units,
			java.math.BigDecimal total, String currency, Instant placedAt, Instant fulfilledAt) {

	}

}
