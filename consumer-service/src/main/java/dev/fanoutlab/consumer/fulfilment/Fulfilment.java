package dev.fanoutlab.consumer.fulfilment;

import dev.fanoutlab.messaging.PermanentFailureException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

	/** The currencies of the v1 contract. */
	static final Set<String> CURRENCIES = Set.of("EUR", "GBP", "USD");

	static final int MAX_LINES = 50;

	static final int MAX_QUANTITY = 1000;

	/** The largest total fulfilled: far above any real order, far below 38 digits. */
	static final BigDecimal MAX_TOTAL = new BigDecimal("1000000000000");

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

	/**
	 * Check what fulfilment relies on, before any effect: the v1 contract, and ranges a
	 * real order cannot leave. Numbers are bounded because they are stored (DynamoDB
	 * keeps at most 38 digits) and timestamps because they are measured; an event outside
	 * them is a permanent failure, never retried.
	 */
	private void requireValid(OrderPlaced event) {
		if (event.schemaVersion() == null || event.schemaVersion() != 1) {
			throw new PermanentFailureException("Unsupported OrderPlaced schemaVersion " + event.schemaVersion());
		}
		if (event.eventId() == null || event.orderId() == null || event.occurredAt() == null || event.currency() == null
				|| event.total() == null || event.items() == null || event.items().isEmpty()
				|| event.items()
					.stream()
					.anyMatch((line) -> line == null || line.sku() == null || line.quantity() == null)) {
			throw new PermanentFailureException("OrderPlaced " + event.eventId() + " violates the v1 contract");
		}
		List<String> violations = new ArrayList<>();
		if (!CURRENCIES.contains(event.currency())) {
			violations.add("currency");
		}
		if (event.items().size() > MAX_LINES) {
			violations.add("items: more than " + MAX_LINES);
		}
		if (event.items().stream().anyMatch((line) -> line.quantity() < 1 || line.quantity() > MAX_QUANTITY)) {
			violations.add("quantity: not 1 to " + MAX_QUANTITY);
		}
		if (event.total().signum() < 0 || event.total().compareTo(MAX_TOTAL) > 0 || event.total().scale() > 2) {
			violations.add("total: not 0 to " + MAX_TOTAL.toPlainString() + " with at most 2 decimals");
		}
		if (event.correlationId() != null && event.correlationId().length() > 128) {
			violations.add("correlationId: longer than 128");
		}
		Instant now = this.clock.instant();
		if (event.occurredAt().isBefore(EARLIEST) || event.occurredAt().isAfter(now.plus(MAX_CLOCK_SKEW))) {
			violations.add("occurredAt: not from " + EARLIEST + " to " + MAX_CLOCK_SKEW.toHours() + " h from now");
		}
		if (!violations.isEmpty()) {
			throw new PermanentFailureException("OrderPlaced " + event.eventId() + " is out of range: " + violations);
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
