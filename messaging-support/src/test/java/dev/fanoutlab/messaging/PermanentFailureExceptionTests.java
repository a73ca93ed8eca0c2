package dev.fanoutlab.messaging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PermanentFailureExceptionTests {

	@Test
	void makesItsMessageSafeToLog() {
		assertThat(new PermanentFailureException("unknown SKU [X\nINFO forged]").getMessage())
			.isEqualTo("unknown SKU [X\\nINFO forged]");
	}

}
