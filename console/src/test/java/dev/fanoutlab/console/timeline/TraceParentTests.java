package dev.fanoutlab.console.timeline;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TraceParentTests {

	@ParameterizedTest
	@ValueSource(strings = { "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
			"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
			" 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 ",
			"01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future" })
	void takesTheTraceIdOfAW3cTraceparent(String traceparent) {
		assertThat(TraceParent.traceId(traceparent)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "Hello from Ada!", "4bf92f3577b34da6a3ce929d0e0e4736",
			"00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
			"00-4bf92f3577b34da6a3ce929d0e0e47361-00f067aa0ba902b7-01",
			"00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
			"00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",
			"00-00000000000000000000000000000000-00f067aa0ba902b7-01",
			"00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
			"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
			"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x",
			"ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
			"00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01" })
	void findsNoTraceIdInAMissingOrMalformedTraceparent(String traceparent) {
		assertThat(TraceParent.traceId(traceparent)).isNull();
	}

}
