package dev.fanoutlab.messaging;

import java.math.BigDecimal;
import java.util.Set;

import dev.fanoutlab.logging.LogSanitizer;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.NumberDeserializers;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * Reads an event from a message body and checks it against the constraints its type
 * declares (Bean Validation: {@code @NotNull}, {@code @Size}, {@code @Valid} lines...),
 * so that every reader refuses an event that breaks its contract the same way and before
 * any effect. Listeners take the body as text and read it here, because Spring Cloud AWS
 * 4.1.0 converts a typed payload while polling: a body that fails there never reaches the
 * error handler, is not counted, and only comes back after the full visibility timeout.
 * Read here, an unreadable body is a {@link PermanentFailureException} like any other.
 * <p>
 * Numbers are read defensively: a decimal such as {@code 1e999999999} is a few bytes of
 * JSON but expands to a billion digits wherever it is printed or stored, so a decimal
 * whose scale or precision exceeds {@value #MAX_DECIMAL_DIGITS} digits is unreadable.
 * Jackson's own limits bound the length of the number's text. The failure's message
 * quotes at most a sanitised fragment of the body ({@link LogSanitizer}); the body itself
 * is logged once, by the error handler.
 */
public class EventReader {

	/** The most digits a decimal may have, before or after the point. */
	static final int MAX_DECIMAL_DIGITS = 64;

	private final JsonMapper json;

	private final Validator validator;

	/**
	 * A reader; services get one as a bean, tests may build their own.
	 * @param json the mapper, rebuilt here with the bounded decimals
	 * @param validator checks the constraints of the event types
	 */
	public EventReader(JsonMapper json, Validator validator) {
		this.validator = validator;
		this.json = json.rebuild()
			.addModule(new SimpleModule("bounded-decimals").addDeserializer(BigDecimal.class,
					new BoundedDecimalDeserializer()))
			.build();
	}

	/**
	 * Read an event, ignoring properties the type does not know, and validate it.
	 * @param <T> the event type
	 * @param body the JSON
	 * @param type the event type
	 * @return the event, valid
	 * @throws PermanentFailureException if the body is not such an event, or breaks a
	 * constraint of its type (the message names each property and constraint, not the
	 * values)
	 */
	public <T> T read(String body, Class<T> type) {
		T event;
		try {
			event = this.json.readValue(body, type);
		}
		catch (JacksonException ex) {
			throw new PermanentFailureException("Unreadable " + type.getSimpleName() + ": "
					+ LogSanitizer.sanitize(ex.getOriginalMessage(), 160) + location(ex));
		}
		if (event == null) {
			throw new PermanentFailureException("Unreadable " + type.getSimpleName() + ": the body is null");
		}
		Set<ConstraintViolation<T>> violations = this.validator.validate(event);
		if (!violations.isEmpty()) {
			throw new PermanentFailureException("Invalid " + type.getSimpleName() + ": "
					+ violations.stream()
						.map((violation) -> violation.getPropertyPath() + " " + violation.getMessage())
						.sorted()
						.toList());
		}
		return event;
	}

	private static String location(JacksonException ex) {
		return (ex.getLocation() != null)
				? " (line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() + ")" : "";
	}

	/**
	 * Jackson's {@code BigDecimal} reading, refusing decimals too large to print.
	 */
	static class BoundedDecimalDeserializer extends StdScalarDeserializer<BigDecimal> {

		BoundedDecimalDeserializer() {
			super(BigDecimal.class);
		}

		@Override
		public BigDecimal deserialize(JsonParser parser, DeserializationContext context) {
			BigDecimal value = NumberDeserializers.BigDecimalDeserializer.instance.deserialize(parser, context);
			if (value != null && (Math.abs((long) value.scale()) > MAX_DECIMAL_DIGITS
					|| value.precision() - (long) value.scale() > MAX_DECIMAL_DIGITS)) {
				throw context.weirdNumberException(value, BigDecimal.class,
						"more than " + MAX_DECIMAL_DIGITS + " digits before or after the decimal point");
			}
			return value;
		}

	}

}
