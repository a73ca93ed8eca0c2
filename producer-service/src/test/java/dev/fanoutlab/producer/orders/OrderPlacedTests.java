package dev.fanoutlab.producer.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderPlacedTests {

	private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

	@Test
	void totalsTheLinesAndAppliesTheDefaults() {
		PlaceOrder order = new PlaceOrder("ada@example.com",
				List.of(item("BOOK-42", 2, "12.50"), item("PEN-1", 10, "0.99")), null, null);

		OrderPlaced event = OrderPlaced.of(order, UUID.randomUUID(), UUID.randomUUID(), Instant.EPOCH, "c-1");

		assertThat(event.total()).isEqualByComparingTo("34.90");
		assertThat(event.currency()).isEqualTo("EUR");
		assertThat(event.notifyCustomer()).isTrue();
		assertThat(event.eventType()).isEqualTo("OrderPlaced");
		assertThat(event.schemaVersion()).isEqualTo(1);
	}

	@Test
	void keepsACustomersChoiceNotToBeNotified() {
		PlaceOrder order = new PlaceOrder("ada@example.com", List.of(item("MUG-7", 1, "8")), "GBP", false);

		assertThat(OrderPlaced.of(order, UUID.randomUUID(), UUID.randomUUID(), Instant.EPOCH, "c-2").notifyCustomer())
			.isFalse();
	}

	@Test
	void namesEveryInvalidFieldOfAnOrder() {
		PlaceOrder order = new PlaceOrder("ada", List.of(item("book 42", 0, "-1.001")), "XYZ", null);

		Set<ConstraintViolation<PlaceOrder>> violations = this.validator.validate(order);

		assertThat(violations).extracting((violation) -> violation.getPropertyPath().toString())
			.containsExactlyInAnyOrder("customerEmail", "currency", "items[0].sku", "items[0].quantity",
					"items[0].unitPrice", "items[0].unitPrice");
	}

	@Test
	void acceptsTenThousandItemsButNotOneMore() {
		PlaceOrder tenThousand = new PlaceOrder("ada@example.com", Collections.nCopies(10_000, item("PEN-1", 1, "1")),
				null, null);
		PlaceOrder oneMore = new PlaceOrder("ada@example.com", Collections.nCopies(10_001, item("PEN-1", 1, "1")), null,
				null);

		assertThat(this.validator.validate(tenThousand)).isEmpty();
		assertThat(this.validator.validate(oneMore)).extracting((violation) -> violation.getPropertyPath().toString())
			.containsExactly("items");
	}

	private static PlaceOrder.Item item(String sku, int quantity, String unitPrice) {
		return new PlaceOrder.Item(sku, quantity, new BigDecimal(unitPrice));
	}

}
