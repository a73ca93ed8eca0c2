package dev.fanoutlab.consumer.fulfilment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import dev.fanoutlab.consumer.fulfilment.Fulfilment.FulfilmentRecord;
import dev.fanoutlab.messaging.PermanentFailureException;
import dev.fanoutlab.testsupport.LocalAws;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link Fulfilments} against the real table of the local AWS backend.
 */
class FulfilmentsIntegrationTests {

	static final LocalAws aws = LocalAws.get();

	private final Fulfilments fulfilments = new Fulfilments(aws.dynamoDb(),
			new FulfilmentProperties("fanout-lab-fulfilments", Set.of("BOOK-42")));

	@Test
	void takesARequestDynamoDbRefusesAsInvalidAsAPermanentFailure() {
		// An item over DynamoDB's 400 KB limit: a ValidationException, every time.
		FulfilmentRecord tooLarge = record(UUID.randomUUID(), "c".repeat(410_000));

		assertThatExceptionOfType(PermanentFailureException.class)
			.isThrownBy(() -> this.fulfilments.recordOnce(tooLarge))
			.withMessageContaining("DynamoDB refused");
	}

	@Test
	void recordsAnEventOnceAndRefusesItsDuplicate() {
		UUID eventId = UUID.randomUUID();

		assertThat(this.fulfilments.recordOnce(record(eventId, "first"))).isTrue();
		assertThat(this.fulfilments.recordOnce(record(eventId, "second"))).isFalse();
		assertThat(this.fulfilments.contains(eventId)).isTrue();
	}

	private static FulfilmentRecord record(UUID eventId, String correlationId) {
		return new FulfilmentRecord(UUID.randomUUID(), eventId, correlationId, 1, new BigDecimal("12.50"), "EUR",
				Instant.now(), Instant.now());
	}

}
