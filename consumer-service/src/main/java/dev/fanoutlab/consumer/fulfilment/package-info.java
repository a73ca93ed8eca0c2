/**
 * Fulfilment, from the SQS listener ({@code OrderFulfilmentListener}) through the service
 * ({@code Fulfilment}) to the warehouse and the DynamoDB records ({@code Fulfilments});
 * only the application class is public.
 */
@NullMarked
package dev.fanoutlab.consumer.fulfilment;

import org.jspecify.annotations.NullMarked;
