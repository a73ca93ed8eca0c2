package dev.fanoutlab.console.guard;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import dev.fanoutlab.testsupport.Http;
import dev.fanoutlab.testsupport.LocalAws;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Another web page must not be able to drive the console: every change is JSON from the
 * console's own origin. A cross-site form post, or a script on a foreign origin, changes
 * nothing. Without an access token, neither does a page on a foreign name rebound to the
 * console's address (DNS rebinding).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "fanout-lab.console.allowed-hosts=" + StateChangeGuardIntegrationTests.CLASSROOM_HOST)
class StateChangeGuardIntegrationTests {

	static final String CLASSROOM_HOST = "console.classroom.example";

	static final LocalAws aws = LocalAws.get();

	static final StandInProducer producer = StandInProducer.start();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		aws.registerProperties(registry);
		registry.add("fanout-lab.console.topic-arn", () -> aws.provisioned().topicArn());
		registry.add("fanout-lab.console.producer", producer::url);
	}

	@LocalServerPort
	int port;

	RestClient http;

	@BeforeEach
	void startClean() {
		aws.reset();
		producer.clear();
		this.http = Http.client(this.port);
	}

	@AfterAll
	static void stopTheProducer() {
		producer.stop();
	}

	@ParameterizedTest
	@ValueSource(strings = { "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain" })
	void refusesWhatACrossSiteFormCanSendWith415AndChangesNothing(String formType) {
		deadLetter("keep me");

		assertRefused(send(HttpMethod.POST, "/api/poison", formType, null), HttpStatus.UNSUPPORTED_MEDIA_TYPE);
		assertRefused(send(HttpMethod.POST, "/api/orders", formType, null), HttpStatus.UNSUPPORTED_MEDIA_TYPE);
		assertRefused(send(HttpMethod.POST, "/api/queues/order-fulfilment-dlq/redrive", formType, null),
				HttpStatus.UNSUPPORTED_MEDIA_TYPE);
		assertRefused(send(HttpMethod.DELETE, "/api/queues/order-fulfilment-dlq/messages?confirm=order-fulfilment-dlq",
				formType, null), HttpStatus.UNSUPPORTED_MEDIA_TYPE);

		assertThat(producer.orders()).isEmpty();
		assertThat(aws.visibleMessages("order-fulfilment-dlq")).isEqualTo(1);
	}

	@Test
	void refusesAChangeWithoutContentTypeWith415() {
		ResponseEntity<JsonNode> refused = this.http.post().uri("/api/poison").retrieve().toEntity(JsonNode.class);

		assertRefused(refused, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
		assertThat(producer.orders()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://evil.example", "http://localhost:1", "null" })
	void refusesJsonFromAForeignOriginWith403AndChangesNothing(String origin) {
		deadLetter("keep me");

		assertRefused(send(HttpMethod.POST, "/api/poison", MediaType.APPLICATION_JSON_VALUE, origin),
				HttpStatus.FORBIDDEN);
		assertRefused(send(HttpMethod.POST, "/api/queues/order-fulfilment-dlq/redrive",
				MediaType.APPLICATION_JSON_VALUE, origin), HttpStatus.FORBIDDEN);
		assertRefused(send(HttpMethod.DELETE, "/api/queues/order-fulfilment-dlq/messages?confirm=order-fulfilment-dlq",
				MediaType.APPLICATION_JSON_VALUE, origin), HttpStatus.FORBIDDEN);

		assertThat(producer.orders()).isEmpty();
		assertThat(aws.visibleMessages("order-fulfilment-dlq")).isEqualTo(1);
	}

	@Test
	void acceptsAnEmptyJsonObjectFromItsOwnPageForActionsWithNothingToSay() {
		String ownOrigin = "http://localhost:" + this.port;

		ResponseEntity<JsonNode> poison = send(HttpMethod.POST, "/api/poison", MediaType.APPLICATION_JSON_VALUE,
				ownOrigin);

		assertThat(poison.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(producer.orders()).singleElement().asString().contains("UNICORN-1");

		deadLetter("second chance");
		ResponseEntity<JsonNode> redrive = send(HttpMethod.POST, "/api/queues/order-fulfilment-dlq/redrive",
				MediaType.APPLICATION_JSON_VALUE, ownOrigin);

		assertThat(redrive.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(aws.messages("order-fulfilment-dlq")).isZero();
		assertThat(aws.visibleMessages("order-fulfilment")).isEqualTo(1);
	}

	@Test
	void refusesToPurgeAQueueThatIsNotADeadLetterQueue() {
		aws.sqs()
			.sendMessage((request) -> request.queueUrl(aws.provisioned().queueUrl("order-fulfilment"))
				.messageBody("a live order"));

		ResponseEntity<JsonNode> refused = send(HttpMethod.DELETE,
				"/api/queues/order-fulfilment/messages?confirm=order-fulfilment", MediaType.APPLICATION_JSON_VALUE,
				null);

		assertRefused(refused, HttpStatus.BAD_REQUEST);
		assertThat(refused.getBody().get("detail").asString()).contains("not a dead-letter queue");
		assertThat(aws.visibleMessages("order-fulfilment")).isEqualTo(1);
	}

	@Test
	void needsNoTokenWhenNoneIsConfigured() {
		deadLetter("doomed");

		ResponseEntity<JsonNode> purged = send(HttpMethod.DELETE,
				"/api/queues/order-fulfilment-dlq/messages?confirm=order-fulfilment-dlq",
				MediaType.APPLICATION_JSON_VALUE, null);

		assertThat(purged.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
		assertThat(aws.messages("order-fulfilment-dlq")).isZero();
	}

	@Test
	void refusesAChangeWithTheOwnOriginOfAForeignHostWith403AndChangesNothing() throws IOException {
		// What a page on evil.example:8090 sends once its DNS name is rebound to
		// 127.0.0.1.
		String response = postPoison("evil.example:8090", "http://evil.example:8090");

		assertThat(response).startsWith("HTTP/1.1 403").contains("application/problem+json", "Foreign host");
		assertThat(producer.orders()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "localhost", "127.0.0.1", "[::1]", CLASSROOM_HOST })
	void acceptsAChangeViaALoopbackNameOrAConfiguredHostOnAnyPort(String name) throws IOException {
		String host = name + ":" + this.port;

		String response = postPoison(host, "http://" + host);

		assertThat(response).startsWith("HTTP/1.1 200");
		assertThat(producer.orders()).singleElement().asString().contains("UNICORN-1");
	}

	private String postPoison(String host, String origin) throws IOException {
		return request(this.port, "POST /api/poison", "Host: " + host, "Origin: " + origin);
	}

	/**
	 * A request with a JSON body {@code {}} and the given header lines, on a socket:
	 * Java's HTTP clients refuse to set {@code Host}.
	 * @param requestLine method and path, e.g. {@code POST /api/poison}
	 * @return the whole response
	 */
	static String request(int port, String requestLine, String... headers) throws IOException {
		StringBuilder request = new StringBuilder(requestLine).append(" HTTP/1.1\r\n");
		for (String header : headers) {
			request.append(header).append("\r\n");
		}
		request.append("Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private ResponseEntity<JsonNode> send(HttpMethod method, String path, String contentType, String origin) {
		return this.http.method(method).uri(path).headers((headers) -> {
			headers.set("Content-Type", contentType);
			if (origin != null) {
				headers.set("Origin", origin);
			}
		}).body(contentType.startsWith("application/json") ? "{}" : "x=1").retrieve().toEntity(JsonNode.class);
	}

	static void assertRefused(ResponseEntity<JsonNode> response, HttpStatus status) {
		assertThat(response.getStatusCode()).isEqualTo(status);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getBody().get("status").asInt()).isEqualTo(status.value());
	}

	static void deadLetter(String body) {
		aws.sqs()
			.sendMessage((request) -> request.queueUrl(aws.provisioned().queueUrl("order-fulfilment-dlq"))
				.messageBody(body));
	}

}
