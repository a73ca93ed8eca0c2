package dev.fanoutlab.producer.orders;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyFingerprintTests {

	private static final List<PlaceOrder.Item> ITEMS = List
		.of(new PlaceOrder.Item("BOOK-42", 2, new BigDecimal("12.50")));

	@Test
	void tellsAFifoOrderFromTheSameOrderOnTheStandardLane() {
		assertThat(DynamoDbIdempotencyKeys.fingerprint(order("fifo")))
			.isNotEqualTo(DynamoDbIdempotencyKeys.fingerprint(order("standard")));
	}

	@Test
	void fingerprintsAStandardOrderAsBeforeTheLaneExisted() {
		assertThat(DynamoDbIdempotencyKeys.fingerprint(order("standard")))
			.isEqualTo(DynamoDbIdempotencyKeys.fingerprint(order(null)))
			.isEqualTo(DynamoDbIdempotencyKeys.fingerprint(new PlaceOrder("ada@example.com", ITEMS, "EUR", true)));
	}

	private static PlaceOrder order(String lane) {
		return new PlaceOrder("ada@example.com", ITEMS, null, null, lane);
	}

}
