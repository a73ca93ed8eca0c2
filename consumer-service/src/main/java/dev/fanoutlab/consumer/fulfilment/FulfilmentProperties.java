package dev.fanoutlab.consumer.fulfilment;

import java.util.Set;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Fulfilment settings.
 *
 * @param table the DynamoDB table of fulfilments (key {@code eventId}, index
 * {@code orderId-index})
 * @param catalog the SKUs the warehouse stocks; an order with another SKU is a permanent
 * failure
 */
@Validated
@ConfigurationProperties("fanout-lab.fulfilment")
record FulfilmentProperties(@NotBlank String table, @NotEmpty Set<String> catalog) {

}
