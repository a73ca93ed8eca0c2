package dev.fanoutlab.system;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Puts a service's listeners (both lanes) back to normal: running, no processing delay.
 */
final class ListenerReset {

	private ListenerReset() {
	}

	static void reset(ServiceProcess service) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(service.uri("/actuator/listeners"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"running\": true, \"processingDelay\": \"PT0S\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

}
