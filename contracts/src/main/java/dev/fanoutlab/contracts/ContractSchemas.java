package dev.fanoutlab.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The event schemas and examples on the classpath, for tests: producers validate what
 * they publish, readers prove they accept every example. Services depend on this module
 * in test scope only; it holds no event types.
 */
public final class ContractSchemas {

	/** Classpath location of the {@code OrderPlaced} v1 schema. */
	public static final String ORDER_PLACED_V1 = "contracts/order-placed/v1.schema.json";

	private ContractSchemas() {
	}

	/**
	 * Validate a JSON document against a schema, formats ({@code email}, {@code uuid},
	 * {@code date-time}) included.
	 * @param schemaLocation classpath location of the schema
	 * @param json the document
	 * @return the violations, empty if valid
	 */
	public static Set<ValidationMessage> validate(String schemaLocation, String json) {
		return schema(schemaLocation).validate(json, InputFormat.JSON);
	}

	/**
	 * The schema at a classpath location.
	 * @param location classpath location
	 * @return the schema
	 */
	public static JsonSchema schema(String location) {
		SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
		try (InputStream in = ContractSchemas.class.getClassLoader().getResourceAsStream(location)) {
			if (in == null) {
				throw new IllegalArgumentException("No schema at classpath:" + location);
			}
			return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The example messages of {@code OrderPlaced} v1, as JSON strings.
	 * @return the examples
	 */
	public static List<String> orderPlacedExamples() {
		return examples("contracts/order-placed/examples/*.json").toList();
	}

	private static Stream<String> examples(String pattern) {
		try {
			return Stream.of(new PathMatchingResourcePatternResolver().getResources("classpath*:" + pattern))
				.map(ContractSchemas::read);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String read(Resource resource) {
		try {
			return resource.getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
