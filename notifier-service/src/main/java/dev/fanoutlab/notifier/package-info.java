/**
 * notifier-service: emails customers about their orders, from the SQS queue
 * {@code order-notifications}.
 */
@NullMarked
package dev.fanoutlab.notifier;

import org.jspecify.annotations.NullMarked;
