package dev.fanoutlab.consumer.fulfilment;

import java.util.List;
import java.util.UUID;

import dev.fanoutlab.messaging.PermanentFailureException;

import org.springframework.stereotype.Component;

/**
 * A warehouse that stocks the configured catalog.
 */
@Component
class CatalogWarehouse implements Warehouse {

	private final FulfilmentProperties properties;

	CatalogWarehouse(FulfilmentProperties properties) {
		this.properties = properties;
	}

	@Override
	public void reserve(UUID orderId, OrderPlaced event) {
		List<String> unknown = event.items()
			.stream()
			.map(OrderPlaced.Line::sku)
			.filter((sku) -> !this.properties.catalog().contains(sku))
			.toList();
		if (!unknown.isEmpty()) {
			throw new PermanentFailureException("Order " + orderId + " has unknown SKU(s) " + unknown);
		}
	}

}
