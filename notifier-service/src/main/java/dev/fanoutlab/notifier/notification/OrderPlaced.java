package dev.fanoutlab.notifier.notification;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * notifier-service's reading of the {@code OrderPlaced} v1 contract: what an order
 * confirmation needs. Unknown properties are ignored (tolerant reader).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderPlaced(UUID eventId, Integer schemaVersion, Instant occurredAt, String correlationId, UUID orderId,
		String customerEmail, Boolean notifyCustomer, String currency, List<Line> items, BigDecimal total) {

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Line(String sku, Integer quantity, BigDecimal unitPrice) {

	}

}
