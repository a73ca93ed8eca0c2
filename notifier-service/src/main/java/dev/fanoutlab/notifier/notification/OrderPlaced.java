package dev.fanoutlab.notifier.notification;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.fanoutlab.messaging.ReceivedEvent;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

/**
 * notifier-service's reading of the {@code OrderPlaced} v1 contract: what an order
 * confirmation needs. Unknown properties are ignored (tolerant reader). The constraints
 * are what the email relies on, checked by the {@code EventReader} before any effect; the
 * customer address is checked strictly by {@link Notifier}, and only if an email is due.
 *
 * @param eventId the event, emailed about once
 * @param schemaVersion 1
 * @param occurredAt when the order was placed
 * @param correlationId the correlation id of the order request
 * @param orderId the order
 * @param customerEmail the customer's address
 * @param notifyCustomer whether the customer wants an email
 * @param currency the currency of the total
 * @param items at least one line
 * @param total the order total
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record OrderPlaced(@NotNull UUID eventId, @NotNull @Min(1) @Max(1) Integer schemaVersion, @Nullable Instant occurredAt,
		@Nullable String correlationId, @NotNull UUID orderId, @NotNull String customerEmail,
		@Nullable Boolean notifyCustomer, @Nullable String currency, @NotEmpty List<@NotNull @Valid Line> items,
		@Nullable BigDecimal total) implements ReceivedEvent {

	/**
	 * An order line, as the email lists it.
	 *
	 * @param sku the article
	 * @param quantity how many
	 * @param unitPrice the price of one
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Line(@Nullable String sku, @Nullable Integer quantity, @Nullable BigDecimal unitPrice) {

	}

}
