package dev.fanoutlab.consumer.fulfilment;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import dev.fanoutlab.messaging.PermanentFailureException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Fulfils orders at most once per event, whatever the number of deliveries.
 */
@Service
class Fulfilment {

	private static final Logger logger = LoggerFactory.getLogger(Fulfilment.class);

	/**
	 * The earliest {@code occurredAt} fulfilled: before any Fanout Lab event, and fixed
	 * so that an old event replayed from an archive is still fulfilled.
	 */
	static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

	/** How far in the future an event may be, for clocks that disagree. */
	static final Duration MAX_CLOCK_SKEW = Duration.ofHours(1);

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
	 * @param event the event, valid (read by the {@code EventReader})
	 * @return {@link Outcome#FULFILLED}, or {@link Outcome#DUPLICATE} if this event was
	 * fulfilled before
	 * @throws PermanentFailureException if the event is implausibly old or new, or the
	 * order can never be fulfilled
	 * @throws Warehouse.WarehouseUnavailableException if a retry may succeed
	 */
	Outcome fulfil(OrderPlaced event) {
		requirePlausibleTime(event);
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

	Optional<FulfilmentRecord> find(UUID orderId) {
		return this.fulfilments.findByOrderId(orderId);
	}

	/**
	 * The contract and the ranges of the event are checked as it is read (see
	 * {@link OrderPlaced}); what is left depends on the clock: {@code occurredAt} is
	 * measured and stored, so an event from before Fanout Lab or from the future is a
	 * permanent failure.
	 */
	private void requirePlausibleTime(OrderPlaced event) {
		Instant now = this.clock.instant();
		if (event.occurredAt().isBefore(EARLIEST) || event.occurredAt().isAfter(now.plus(MAX_CLOCK_SKEW))) {
			throw new PermanentFailureException(
					"OrderPlaced " + event.eventId() + " is out of range: occurredAt: not from " + EARLIEST + " to "
							+ MAX_CLOCK_SKEW.toHours() + " h from now");
		}
	}

	/** What processing an event did. */
	enum Outcome {

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
	record FulfilmentRecord(UUID orderId, UUID eventId, @Nullable String correlationId, int units, BigDecimal total,
			String currency, Instant placedAt, Instant fulfilledAt) {

	}

}
