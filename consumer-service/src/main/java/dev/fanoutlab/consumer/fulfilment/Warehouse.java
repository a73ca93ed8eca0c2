package dev.fanoutlab.consumer.fulfilment;

import java.util.UUID;

import dev.fanoutlab.messaging.PermanentFailureException;

/**
 * The warehouse that ships orders: a dependency of fulfilment that can refuse an order
 * for good or be unavailable for a while.
 */
interface Warehouse {

	/**
	 * Reserve stock for the order. Reserving the same order again has no further effect.
	 * @param orderId the order
	 * @param event the order's lines
	 * @throws PermanentFailureException if the order can never be shipped, e.g. an
	 * unknown SKU
	 * @throws WarehouseUnavailableException if the warehouse did not answer; retry later
	 */
	void reserve(UUID orderId, OrderPlaced event);

	/** The warehouse did not answer in time; a later attempt may succeed. */
	class WarehouseUnavailableException extends RuntimeException {

		WarehouseUnavailableException(String message) {
			super(message);
		}

	}

}
