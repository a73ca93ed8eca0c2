package dev.fanoutlab.messaging;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

class LogContextTests {

	@Test
	void putsTheEventsContextIntoTheMdcUntilClosed() {
		UUID orderId = UUID.randomUUID();
		UUID eventId = UUID.randomUUID();

		try (LogContext context = LogContext.of("req-1", orderId, eventId, "2")) {
			assertThat(MDC.get(LogContext.CORRELATION_ID)).isEqualTo("req-1");
			assertThat(MDC.get(LogContext.ORDER_ID)).isEqualTo(orderId.toString());
			assertThat(MDC.get(LogContext.EVENT_ID)).isEqualTo(eventId.toString());
			assertThat(MDC.get(LogContext.APPROXIMATE_RECEIVE_COUNT)).isEqualTo("2");
		}

		assertThat(MDC.getCopyOfContextMap()).doesNotContainKeys(LogContext.CORRELATION_ID, LogContext.ORDER_ID,
				LogContext.EVENT_ID, LogContext.APPROXIMATE_RECEIVE_COUNT);
	}

	@Test
	void logsACorrelationIdOfAnotherFormThanTheProducersAsInvalid() {
		try (LogContext context = LogContext.of("x\r\nFORGED", null, null, "1")) {
			assertThat(MDC.get(LogContext.CORRELATION_ID)).isEqualTo("invalid");
		}
	}

	@Test
	void leavesOutWhatTheEventDoesNotCarry() {
		try (LogContext context = LogContext.of(null, null, null, null)) {
			assertThat(MDC.get(LogContext.CORRELATION_ID)).isNull();
			assertThat(MDC.get(LogContext.ORDER_ID)).isNull();
		}
	}

}
