package dev.fanoutlab.producer.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogSafeTests {

	@Test
	void escapesEveryLineBreakSoThatInputCannotStartALogLine() {
		String escaped = LogSafe.escape("a\r\nFORGED\u2028FORGED\u2029FORGED\u0085FORGED\u0000");

		assertThat(escaped).doesNotContain("\r", "\n", "\u2028", "\u2029", "\u0085", "\u0000")
			.isEqualTo("a\\r\\nFORGED\\u2028FORGED\\u2029FORGED\\u0085FORGED\\u0000");
	}

	@Test
	void cutsLongText() {
		assertThat(LogSafe.escape("x".repeat(10_000))).hasSizeLessThan(510).endsWith("…");
	}

	@Test
	void keepsNull() {
		assertThat(LogSafe.escape(null)).isNull();
	}

}
