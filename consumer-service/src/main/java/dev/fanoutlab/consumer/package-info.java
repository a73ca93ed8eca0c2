/**
 * consumer-service: fulfils orders from the SQS queue {@code order-fulfilment}.
 */
@NullMarked
package dev.fanoutlab.consumer;

import org.jspecify.annotations.NullMarked;
