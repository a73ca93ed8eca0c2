package dev.fanoutlab.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;

import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Keeps housekeeping out of the traces, so that Zipkin shows orders, not polling: a
 * request to {@code /actuator/**} (health checks, Prometheus, the console's listener
 * states) and an HTTP client request made outside any trace (the console's polling of the
 * services) are not observed. Their metrics go too: Spring Boot's HTTP metrics come from
 * the same observations, and the services' dashboards count only {@code /api} requests.
 */
class HousekeepingUntraced implements ObservationPredicate {

	@Override
	public boolean test(String name, Observation.Context context) {
		if (context instanceof ServerRequestObservationContext server && server.getCarrier() != null) {
			return !server.getCarrier().getRequestURI().startsWith("/actuator");
		}
		if ("http.client.requests".equals(name)) {
			return context.getParentObservation() != null;
		}
		return true;
	}

}
