package dev.fanoutlab.consumer.fulfilment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.fanoutlab.messaging.ReceivedEvent;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * consumer-service's reading of the {@code OrderPlaced} v1 contract: only what fulfilment
 * needs. Unknown properties are ignored (tolerant reader). The constraints are what
 * fulfilment relies on: the v1 contract, and ranges a real order cannot leave, checked by
 * the {@code EventReader} before any effect. Numbers are bounded because they are stored
 * (DynamoDB keeps at most 38 digits); an event outside them is a permanent failure, never
 * retried.
 *
 * @param eventId the event, fulfilled once
 * @param schemaVersion 1
 * @param occurredAt when the order was placed (its range is checked against the clock by
 * {@link Fulfilment})
 * @param correlationId the correlation id of the order request
 * @param orderId the order
 * @param currency EUR, GBP or USD
 * @param items 1 to 10,000 lines (an event over 256 KiB arrives by claim check)
 * @param total 0 to 10^12, at most 2 decimals
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record OrderPlaced(@NotNull UUID eventId, @NotNull @Min(1) @Max(1) Integer schemaVersion, @NotNull Instant occurredAt,
		@Size(max = 128) @Nullable String correlationId, @NotNull UUID orderId,
		@NotNull @Pattern(regexp = "EUR|GBP|USD") String currency,
		@NotEmpty @Size(max = 10_000) List<@NotNull @Valid Line> items,
		@NotNull @DecimalMin("0") @DecimalMax("1000000000000") @Digits(integer = 13, fraction = 2) BigDecimal total)
		implements
			ReceivedEvent {

	/**
	 * An order line.
	 *
	 * @param sku the article
	 * @param quantity 1 to 1000
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Line(@NotNull String sku, @NotNull @Min(1) @Max(1000) Integer quantity) {

	}

}
