package dev.fanoutlab.notifier.notification;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogSafeTests {

	@Test
	void redactsAnAddressToItsFirstCharacterAndDomain() {
		assertThat(LogSafe.email("ada@example.com")).isEqualTo("a***@example.com");
		assertThat(LogSafe.email("no-at-sign")).isEqualTo("***");
		assertThat(LogSafe.email(null)).isEqualTo("null");
	}

	@Test
	void redactsEveryAddressInFreeText() {
		assertThat(LogSafe.text("550 Invalid Addresses <ada@example.com>, grace.hopper@navy.mil"))
			.isEqualTo("550 Invalid Addresses <a***@example.com>, g***@navy.mil");
	}

	@Test
	void escapesLineBreaksSoAMessageCannotForgeLogLines() {
		assertThat(LogSafe.text("bad\r\nERROR forged line\u2028x")).isEqualTo("bad\\r\\nERROR forged line\\u2028x")
			.doesNotContain("\n", "\r");
		assertThat(LogSafe.email("e\nvil@exa\r\nmple.com")).doesNotContain("\n", "\r");
	}

	@Test
	void truncatesLongText() {
		assertThat(LogSafe.text("x".repeat(10_000))).hasSizeLessThan(510);
	}

}
