package dev.fanoutlab.logging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogSanitizerTests {

	@Test
	void escapesLineBreaksSoNoLogLineCanBeForged() {
		String forged = "oops\r\n2026-01-01T00:00:00Z  INFO Fulfilled order 42\u2028more\u0085end";

		String safe = LogSanitizer.sanitize(forged, 500);

		assertThat(safe).doesNotContain("\r", "\n", "\u2028", "\u0085")
			.isEqualTo("oops\\r\\n2026-01-01T00:00:00Z  INFO Fulfilled order 42\\u2028more\\u0085end");
	}

	@Test
	void escapesOtherControlCharactersAndBackslashes() {
		assertThat(LogSanitizer.sanitize("a\tb\u0000c\u001bd\\n\u200be", 100))
			.isEqualTo("a\\tb\\u0000c\\u001bd\\\\n\\u200be");
	}

	@Test
	void truncatesLongTextAndSaysHowLongItWas() {
		String safe = LogSanitizer.sanitize("x".repeat(10_000), 20);

		assertThat(safe).isEqualTo("x".repeat(20) + "...(10000 chars)");
	}

	@Test
	void keepsShortPlainTextAsItIs() {
		assertThat(LogSanitizer.sanitize("Order 42 has unknown SKU(s) [NOT-STOCKED]", 100))
			.isEqualTo("Order 42 has unknown SKU(s) [NOT-STOCKED]");
	}

	@Test
	void redactsEmailAddresses() {
		String safe = LogSanitizer.sanitize("{\"customerEmail\":\"ada.lovelace+orders@example.com\",\"x\":1}", 200);

		assertThat(safe).doesNotContain("ada", "lovelace", "example.com")
			.isEqualTo("{\"customerEmail\":\"[email]\",\"x\":1}");
	}

	@Test
	void redactsAnEmailAddressCutByTheTruncation() {
		String safe = LogSanitizer.sanitize("to grace.hopper@example.com", 12);

		assertThat(safe).doesNotContain("grace", "hop").startsWith("to [email]");
	}

	@Test
	void writesNullAsNull() {
		assertThat(LogSanitizer.sanitize(null, 10)).isEqualTo("null");
	}

	@Test
	void admitsCorrelationIdsOfTheProducersForm() {
		assertThat(LogSanitizer.correlationId("3f1c-ab.cd:EF_9")).isEqualTo("3f1c-ab.cd:EF_9");
		assertThat(LogSanitizer.correlationId("a".repeat(128))).hasSize(128);
	}

	@Test
	void dropsCorrelationIdsOfAnyOtherForm() {
		assertThat(LogSanitizer.correlationId("abc\r\nINFO forged")).isNull();
		assertThat(LogSanitizer.correlationId("a".repeat(129))).isNull();
		assertThat(LogSanitizer.correlationId("")).isNull();
		assertThat(LogSanitizer.correlationId("ada@example.com")).isNull();
		assertThat(LogSanitizer.correlationId(null)).isNull();
	}

	@Test
	void escapesEveryLineBreakAndControlCharacterWithoutCuttingIt() {
		String escaped = LogSanitizer.escape("a\r\nFORGED\u2028FORGED\u2029FORGED\u0085FORGED\u0000");

		assertThat(escaped).doesNotContain("\r", "\n", "\u2028", "\u2029", "\u0085", "\u0000")
			.isEqualTo("a\\r\\nFORGED\\u2028FORGED\\u2029FORGED\\u0085FORGED\\u0000");
	}

}
