package dev.fanoutlab.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class HousekeepingUntracedTests {

	private final HousekeepingUntraced predicate = new HousekeepingUntraced();

	@Test
	void tracesApiRequests() {
		assertThat(this.predicate.test("http.server.requests", server("/api/orders"))).isTrue();
	}

	@Test
	void leavesActuatorRequestsOut() {
		assertThat(this.predicate.test("http.server.requests", server("/actuator/health"))).isFalse();
		assertThat(this.predicate.test("http.server.requests", server("/actuator/listeners"))).isFalse();
	}

	@Test
	void leavesClientRequestsOutsideATraceOutAndKeepsThoseInOne() {
		Observation.Context polling = new Observation.Context();
		Observation.Context inATrace = new Observation.Context();
		inATrace.setParentObservation(Observation.start("request", ObservationRegistry.create()));

		assertThat(this.predicate.test("http.client.requests", polling)).isFalse();
		assertThat(this.predicate.test("http.client.requests", inATrace)).isTrue();
		assertThat(this.predicate.test("aws.sdk.call", polling)).isTrue();
	}

	private static ServerRequestObservationContext server(String uri) {
		return new ServerRequestObservationContext(new MockHttpServletRequest("GET", uri),
				new MockHttpServletResponse());
	}

}
