package dev.fanoutlab.consumer.fulfilment;

import java.util.Optional;
import java.util.UUID;

import dev.fanoutlab.consumer.fulfilment.Fulfilment.FulfilmentRecord;

/**
 * Fulfilment records, keyed by event id, shared by every consumer instance.
 */
interface Fulfilments {

	boolean contains(UUID eventId);

	/**
	 * Record a fulfilment unless its event was recorded before, atomically.
	 * @param record the fulfilment
	 * @return {@code true} if recorded, {@code false} if the event was already fulfilled
	 */
	boolean recordOnce(FulfilmentRecord record);

	Optional<FulfilmentRecord> findByOrderId(UUID orderId);

}
