package dev.fanoutlab.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

class ContractExamplesTests {

	private static final ObjectMapper mapper = new ObjectMapper();

	private final JsonSchema schema = schema("contracts/order-placed/v1.schema.json");

	static Stream<Resource> examples() throws IOException {
		return Stream.of(new PathMatchingResourcePatternResolver()
			.getResources("classpath*:contracts/order-placed/examples/*.json"));
	}

	@ParameterizedTest
	@MethodSource("examples")
	void everyExampleValidatesAgainstTheSchema(Resource example) throws IOException {
		assertThat(this.schema.validate(read(example))).isEmpty();
	}

	@Test
	void thereAreExamplesToShareWithReaders() throws IOException {
		assertThat(examples()).hasSizeGreaterThanOrEqualTo(3);
	}

	@Test
	void rejectsAnEventWithoutOrderId() throws IOException {
		ObjectNode event = (ObjectNode) read(examples().findFirst().orElseThrow());
		event.remove("orderId");
		assertThat(this.schema.validate(event)).extracting(ValidationMessage::getMessage)
			.anySatisfy((message) -> assertThat(message).contains("orderId"));
	}

	@Test
	void rejectsAnItemWithZeroQuantityAndAMalformedEmail() throws IOException {
		ObjectNode event = (ObjectNode) read(examples().findFirst().orElseThrow());
		((ObjectNode) event.withArray("items").get(0)).put("quantity", 0);
		event.put("customerEmail", "not-an-email");
		Set<ValidationMessage> errors = this.schema.validate(event);
		assertThat(errors).extracting(ValidationMessage::getInstanceLocation)
			.extracting(Object::toString)
			.contains("/items/0/quantity", "/customerEmail");
	}

	static JsonSchema schema(String location) {
		SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
		try (InputStream in = ContractExamplesTests.class.getClassLoader().getResourceAsStream(location)) {
			return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static JsonNode read(Resource resource) throws IOException {
		try (InputStream in = resource.getInputStream()) {
			return mapper.readTree(in);
		}
	}

}
