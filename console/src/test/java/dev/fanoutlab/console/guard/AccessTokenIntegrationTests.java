package dev.fanoutlab.console.guard;

import java.io.IOException;

import dev.fanoutlab.testsupport.Http;
import dev.fanoutlab.testsupport.LocalAws;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code CONSOLE_ACCESS_TOKEN} set, as for a console on a classroom network, every
 * change needs the token; watching does not.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "fanout-lab.console.access-token=" + AccessTokenIntegrationTests.TOKEN)
class AccessTokenIntegrationTests {

	static final String TOKEN = "classroom-4711";

	static final LocalAws aws = LocalAws.get();

	@DynamicPropertySource
	static void aws(DynamicPropertyRegistry registry) {
		aws.registerProperties(registry);
		registry.add("fanout-lab.console.topic-arn", () -> aws.provisioned().topicArn());
	}

	@LocalServerPort
	int port;

	RestClient http;

	@BeforeEach
	void startClean() {
		aws.reset();
		this.http = Http.client(this.port);
		StateChangeGuardIntegrationTests.deadLetter("keep me unless you have the token");
	}

	@Test
	void refusesAChangeWithoutTheTokenWith401AndChangesNothing() {
		ResponseEntity<JsonNode> refused = purge(null);

		StateChangeGuardIntegrationTests.assertRefused(refused, HttpStatus.UNAUTHORIZED);
		assertThat(refused.getHeaders().getFirst("WWW-Authenticate")).startsWith("Bearer");
		assertThat(aws.visibleMessages("order-fulfilment-dlq")).isEqualTo(1);
	}

	@Test
	void refusesAChangeWithAWrongTokenWith401AndChangesNothing() {
		StateChangeGuardIntegrationTests.assertRefused(purge("Bearer classroom-4712"), HttpStatus.UNAUTHORIZED);
		StateChangeGuardIntegrationTests.assertRefused(purge(TOKEN), HttpStatus.UNAUTHORIZED);

		assertThat(aws.visibleMessages("order-fulfilment-dlq")).isEqualTo(1);
	}

	@Test
	void acceptsAChangeWithTheToken() {
		ResponseEntity<JsonNode> purged = purge("Bearer " + TOKEN);

		assertThat(purged.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
		assertThat(aws.messages("order-fulfilment-dlq")).isZero();
	}

	@Test
	void acceptsAChangeWithTheTokenWhateverNameTheConsoleIsReachedBy() throws IOException {
		// A classroom reaches the console by the teacher's address: the token guards it.
		String response = StateChangeGuardIntegrationTests.request(this.port,
				"DELETE /api/queues/order-fulfilment-dlq/messages?confirm=order-fulfilment-dlq",
				"Host: 192.0.2.10:8090", "Authorization: Bearer " + TOKEN);

		assertThat(response).startsWith("HTTP/1.1 204");
		assertThat(aws.messages("order-fulfilment-dlq")).isZero();
	}

	@Test
	void letsAnyoneWatchWithoutTheToken() {
		assertThat(this.http.get().uri("/api/snapshot").retrieve().toEntity(JsonNode.class).getStatusCode())
			.isEqualTo(HttpStatus.OK);
		assertThat(this.http.get().uri("/").retrieve().toEntity(String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	private ResponseEntity<JsonNode> purge(String authorization) {
		return this.http.delete()
			.uri("/api/queues/order-fulfilment-dlq/messages?confirm=order-fulfilment-dlq")
			.headers((headers) -> {
				headers.setContentType(MediaType.APPLICATION_JSON);
				if (authorization != null) {
					headers.set("Authorization", authorization);
				}
			})
			.retrieve()
			.toEntity(JsonNode.class);
	}

}
