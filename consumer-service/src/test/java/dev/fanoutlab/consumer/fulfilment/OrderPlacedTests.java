package dev.fanoutlab.consumer.fulfilment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import dev.fanoutlab.messaging.EventReader;
import dev.fanoutlab.messaging.PermanentFailureException;
import jakarta.validation.Validation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What fulfilment accepts as an {@code OrderPlaced}, read as the listener reads it,
 * without a queue (the emulator tests prove such an event ends in the DLQ).
 */
class OrderPlacedTests {

	private final EventReader reader = new EventReader(JsonMapper.builder().build(),
			Validation.buildDefaultValidatorFactory().getValidator());

	@ParameterizedTest
	@MethodSource("dev.fanoutlab.contracts.ContractSchemas#orderPlacedExamples")
	void acceptsEveryExampleOfTheContract(String example) {
		assertThat(this.reader.read(example, OrderPlaced.class).items()).isNotEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			schemaVersion 2        | "schemaVersion": 1         | "schemaVersion": 2         | schemaVersion
			no eventId             | "eventId":                 | "notTheEventId":           | eventId
			currency XXX           | "currency": "EUR"          | "currency": "XXX"          | currency
			no items               | "items": [                 | "items": [], "old": [      | items
			a null line            | "items": [                 | "items": [null,            | items[0]
			no quantity            | "quantity": 2              | "q": 2                     | items[0].quantity
			quantity 1001          | "quantity": 2              | "quantity": 1001           | items[0].quantity
			quantity 0             | "quantity": 2              | "quantity": 0              | items[0].quantity
			total negative         | "total": 25.00             | "total": -1                | total
			total 1e50             | "total": 25.00             | "total": 1e50              | total
			total with 3 decimals  | "total": 25.00             | "total": 25.001            | total
			correlationId too long | "correlationId": "c0ffee00 | "correlationId": "%s       | correlationId
			""")
	void refusesAnEventOutsideTheContractOrARealOrdersRangeAsAPermanentFailure(String poison, String from, String to,
			String property) {
		String body = minimal().replace(from, to.formatted("x".repeat(129)));
		assertThat(body).as("the example changed").isNotEqualTo(minimal());

		assertThatExceptionOfType(PermanentFailureException.class)
			.isThrownBy(() -> this.reader.read(body, OrderPlaced.class))
			.withMessageStartingWith("Invalid OrderPlaced: [")
			.withMessageContaining(property);
	}

	private static String minimal() {
		try {
			return new ClassPathResource("contracts/order-placed/examples/minimal.json")
				.getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
