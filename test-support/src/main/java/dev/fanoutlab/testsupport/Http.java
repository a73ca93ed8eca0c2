package dev.fanoutlab.testsupport;

import org.springframework.web.client.RestClient;

/**
 * HTTP clients for tests that assert on every status, 4xx and 5xx included.
 */
public final class Http {

	private Http() {
	}

	/**
	 * A client of a service on localhost that returns every response instead of throwing
	 * on error statuses.
	 * @param port the service's port
	 * @return the client
	 */
	public static RestClient client(int port) {
		return RestClient.builder()
			.baseUrl("http://localhost:" + port)
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

}
