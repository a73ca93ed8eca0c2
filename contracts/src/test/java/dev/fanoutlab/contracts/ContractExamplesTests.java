package dev.fanoutlab.contracts;

import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

class ContractExamplesTests {

	private static final ObjectMapper mapper = new ObjectMapper();

	static Iterable<String> examples() {
		return ContractSchemas.orderPlacedExamples();
	}

	@ParameterizedTest
	@MethodSource("examples")
	void everyExampleValidatesAgainstTheSchema(String example) {
		assertThat(ContractSchemas.validate(ContractSchemas.ORDER_PLACED_V1, example)).isEmpty();
	}

	@Test
	void shipsExamplesForReaders() {
		assertThat(examples()).hasSizeGreaterThanOrEqualTo(3);
	}

	@Test
	void rejectsAnEventWithoutOrderId() throws Exception {
		ObjectNode event = firstExample();
		event.remove("orderId");
		assertThat(validate(event)).extracting(ValidationMessage::getMessage)
			.anySatisfy((message) -> assertThat(message).contains("orderId"));
	}

	@Test
	void rejectsAnItemWithZeroQuantityAndAMalformedEmail() throws Exception {
		ObjectNode event = firstExample();
		((ObjectNode) event.withArray("items").get(0)).put("quantity", 0);
		event.put("customerEmail", "not-an-email");
		assertThat(validate(event)).extracting(ValidationMessage::getInstanceLocation)
			.extracting(Object::toString)
			.contains("/items/0/quantity", "/customerEmail");
	}

	@Test
	void rejectsAnotherSchemaVersion() throws Exception {
		ObjectNode event = firstExample();
		event.put("schemaVersion", 2);
		assertThat(validate(event)).isNotEmpty();
	}

	private static ObjectNode firstExample() throws Exception {
		return (ObjectNode) mapper.readTree(ContractSchemas.orderPlacedExamples().get(0));
	}

	private static Set<ValidationMessage> validate(ObjectNode event) {
		return ContractSchemas.validate(ContractSchemas.ORDER_PLACED_V1, event.toString());
	}

}
