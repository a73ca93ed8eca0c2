package dev.fanoutlab.producer.orders;

import java.util.UUID;

/**
 * The 202 answer: the order was published and will be processed asynchronously.
 *
 * @param orderId the order, to look up at consumer-service
 * @param eventId the published {@code OrderPlaced} event
 */
record OrderAccepted(UUID orderId, UUID eventId) {

}
