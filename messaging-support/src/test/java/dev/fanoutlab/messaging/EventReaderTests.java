package dev.fanoutlab.messaging;

import java.math.BigDecimal;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EventReaderTests {

	private final EventReader reader = new EventReader(JsonMapper.builder().build(),
			Validation.buildDefaultValidatorFactory().getValidator());

	@Test
	void readsDecimalsKeepingTheirScale() {
		Order order = this.reader.read("{\"total\":12.50,\"items\":[{\"price\":1e2}]}", Order.class);

		assertThat(order.total()).isEqualTo(new BigDecimal("12.50"));
		assertThat(order.items().get(0).price()).isEqualByComparingTo("100");
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "1e999999999", "-1e999999999", "1e-999999999", "1E+2147483647", "\"1e999999999\"", "1e65" })
	@Timeout(value = 5, threadMode = ThreadMode.SEPARATE_THREAD)
	void refusesAHugeExponentQuicklyAsAPermanentFailure(String total) {
		// Printing or storing 1e999999999 takes a billion digits: the heap and minutes.
		assertThatExceptionOfType(PermanentFailureException.class)
			.isThrownBy(() -> this.reader.read("{\"total\":" + total + "}", Order.class))
			.withMessageContaining("digits");
	}

	@Test
	void refusesAHugeExponentInANestedDecimal() {
		assertThatExceptionOfType(PermanentFailureException.class)
			.isThrownBy(() -> this.reader.read("{\"items\":[{\"price\":1e999999999}]}", Order.class));
	}

	@Test
	@Timeout(value = 5, threadMode = ThreadMode.SEPARATE_THREAD)
	void refusesANumberLongerThanJacksonsLimitQuickly() {
		String digits = "9".repeat(2_000_000);

		assertThatExceptionOfType(PermanentFailureException.class)
			.isThrownBy(() -> this.reader.read("{\"total\":" + digits + "}", Order.class));
	}

	@Test
	void quotesNoRawLineBreakOfTheBodyInItsFailure() {
		assertThatExceptionOfType(PermanentFailureException.class)
			.isThrownBy(() -> this.reader.read("{\"total\":\"12\r\n2026 INFO forged line\"}", Order.class))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("\r", "\n"));
	}

	@Test
	void quotesNoMoreThanAFragmentOfANonJsonBody() {
		String body = "Dear customer ada@example.com " + "x".repeat(5_000);

		assertThatExceptionOfType(PermanentFailureException.class).isThrownBy(() -> this.reader.read(body, Order.class))
			.satisfies((ex) -> assertThat(ex.getMessage()).hasSizeLessThan(400).doesNotContain("ada@example.com"));
	}

	@Test
	void refusesAnEventThatBreaksAConstraintOfItsTypeNamingEachPropertyAndNoValue() {
		assertThatExceptionOfType(PermanentFailureException.class).isThrownBy(() -> this.reader
			.read("{\"version\":2,\"customer\":\"ada@example.com\",\"lines\":[{\"quantity\":0},null]}", Checked.class))
			.withMessage("Invalid Checked: [lines[0].quantity must be greater than or equal to 1, "
					+ "lines[1].<list element> must not be null, version must be less than or equal to 1]");
	}

	@Test
	void refusesAMissingPropertyTheTypeRequires() {
		assertThatExceptionOfType(PermanentFailureException.class)
			.isThrownBy(() -> this.reader.read("{\"version\":1}", Checked.class))
			.withMessage("Invalid Checked: [lines must not be empty]");
	}

	@Test
	void refusesANullBody() {
		assertThatExceptionOfType(PermanentFailureException.class)
			.isThrownBy(() -> this.reader.read("null", Checked.class));
	}

	@Test
	void readsAnEventThatKeepsEveryConstraint() {
		Checked event = this.reader.read("{\"version\":1,\"lines\":[{\"quantity\":3}],\"unknown\":true}",
				Checked.class);

		assertThat(event.lines()).containsExactly(new CheckedLine(3));
	}

	record Order(BigDecimal total, List<Item> items) {

	}

	record Item(BigDecimal price) {

	}

	record Checked(@NotNull @Min(1) @Max(1) Integer version, String customer,
			@NotEmpty List<@NotNull @Valid CheckedLine> lines) {

	}

	record CheckedLine(@NotNull @Min(1) Integer quantity) {

	}

}
