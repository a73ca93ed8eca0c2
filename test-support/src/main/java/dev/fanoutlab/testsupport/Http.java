package dev.fanoutlab.testsupport;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * HTTP clients for tests that assert on every status, 4xx and 5xx included.
 */
public final class Http {

	private Http() {
	}

	/**
	 * A client of a service on localhost that returns every response instead of throwing
	 * on error statuses. It is the JDK's client, which never re-sends a request by itself
	 * (Apache HttpClient, if on the class path, would silently retry a 503 with
	 * {@code Retry-After} and hide it from the test).
	 * @param port the service's port
	 * @return the client
	 */
	public static RestClient client(int port) {
		return RestClient.builder()
			.requestFactory(new JdkClientHttpRequestFactory())
			.baseUrl("http://localhost:" + port)
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

}
