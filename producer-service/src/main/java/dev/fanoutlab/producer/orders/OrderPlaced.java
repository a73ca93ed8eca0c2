package dev.fanoutlab.producer.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Published when an order was accepted: the producer's view of the {@code OrderPlaced} v1
 * contract ({@code contracts/order-placed/v1.schema.json}).
 */
record OrderPlaced(UUID eventId, String eventType, int schemaVersion, Instant occurredAt, String correlationId,
		UUID orderId, String customerEmail, boolean notifyCustomer, String currency, List<Line> items,
		BigDecimal total) {

	static final String TYPE = "OrderPlaced";

	static final int SCHEMA_VERSION = 1;

	static OrderPlaced of(PlaceOrder order, UUID orderId, UUID eventId, Instant occurredAt, String correlationId) {
		List<Line> lines = order.items()
			.stream()
			.map((item) -> new Line(item.sku(), item.quantity(), item.unitPrice()))
			.toList();
		BigDecimal total = lines.stream()
			.map((line) -> line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())))
			.reduce(BigDecimal.ZERO, BigDecimal::add);
		return new OrderPlaced(eventId, TYPE, SCHEMA_VERSION, occurredAt, correlationId, orderId, order.customerEmail(),
				order.notifyCustomerOrDefault(), order.currencyOrDefault(), lines, total);
	}

	record Line(String sku, int quantity, BigDecimal unitPrice) {

	}

}
