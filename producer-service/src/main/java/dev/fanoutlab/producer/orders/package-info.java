/**
 * Placing an order, from {@code POST /api/orders} to the SNS publish: the controller
 * ({@link dev.fanoutlab.producer.orders.OrderController}), the command
 * ({@link dev.fanoutlab.producer.orders.PlaceOrder}), the service
 * ({@link dev.fanoutlab.producer.orders.OrderPlacement}), the event
 * ({@link dev.fanoutlab.producer.orders.OrderPlaced}), the idempotency keys in DynamoDB
 * and the one SNS adapter ({@link dev.fanoutlab.producer.orders.SnsOrderPublisher}).
 */
@NullMarked
package dev.fanoutlab.producer.orders;

import org.jspecify.annotations.NullMarked;
