package dev.fanoutlab.producer.orders;

import java.math.BigDecimal;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/orders}.
 *
 * @param customerEmail where the customer is notified
 * @param items 1 to 10,000 order lines (bulk B2B orders; an event over SNS's 256 KiB
 * travels by claim check)
 * @param currency ISO 4217 code, one of EUR, GBP, USD; EUR when absent
 * @param notifyCustomer whether the customer wants an email; {@code true} when absent
 * @param lane {@code standard} (when absent) or {@code fifo}: see {@link Lane}
 */
record PlaceOrder(@NotBlank @Email @Size(max = 254) String customerEmail,
		@NotEmpty @Size(max = 10_000) List<@NotNull @Valid Item> items,
		@Pattern(regexp = "EUR|GBP|USD", message = "must be one of EUR, GBP, USD") @Nullable String currency,
		@Nullable Boolean notifyCustomer,
		@Pattern(regexp = Lane.VALUES, message = "must be one of standard, fifo") @Nullable String lane) {

	PlaceOrder(String customerEmail, List<Item> items, @Nullable String currency, @Nullable Boolean notifyCustomer) {
		this(customerEmail, items, currency, notifyCustomer, null);
	}

	Lane laneOrDefault() {
		return (this.lane != null) ? Lane.of(this.lane) : Lane.STANDARD;
	}

	String currencyOrDefault() {
		return (this.currency != null) ? this.currency : "EUR";
	}

	boolean notifyCustomerOrDefault() {
		return this.notifyCustomer == null || this.notifyCustomer;
	}

	/**
	 * One order line.
	 *
	 * @param sku stock keeping unit, upper case letters, digits and dashes
	 * @param quantity 1 to 1000
	 * @param unitPrice non-negative, at most two decimals
	 */
	record Item(
			@NotBlank @Pattern(regexp = "[A-Z0-9][A-Z0-9-]{0,31}",
					message = "must be 1 to 32 upper case letters, digits or dashes") String sku,
			@NotNull @Positive @Max(1000) Integer quantity,
			@NotNull @DecimalMin("0.00") @Digits(integer = 9, fraction = 2) BigDecimal unitPrice) {

	}

}
