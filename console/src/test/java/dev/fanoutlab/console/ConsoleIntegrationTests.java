package dev.fanoutlab.console;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.fanoutlab.testsupport.Http;
import dev.fanoutlab.testsupport.LocalAws;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console against the local AWS backend: how it joins the topic, what it shows, and
 * what its queue actions do. The services it also watches are not running here.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "fanout-lab.console.refresh=300ms")
class ConsoleIntegrationTests {

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
	}

	@Test
	void joinsTheTopicWithAQueueOfItsOwnAndShowsWhichSubscribersEachEventReached() {
		String quiet = event();
		String loud = event();
		aws.publish(quiet, Map.of("eventType", "OrderPlaced", "notifyCustomer", "false"));
		aws.publish(loud, Map.of("eventType", "OrderPlaced", "notifyCustomer", "true"));

		await().untilAsserted(() -> {
			JsonNode timeline = snapshot().get("timeline");
			assertThat(receivers(timeline, quiet)).containsExactly("order-fulfilment");
			assertThat(receivers(timeline, loud)).containsExactlyInAnyOrder("order-fulfilment", "order-notifications");
		});
		assertThat(snapshot().at("/topology/subscriptions").findValuesAsString("queue")).contains("order-console",
				"order-fulfilment", "order-notifications");
	}

	@Test
	void showsTheTraceOfEveryEventPublishedWithATraceparentAndNoneForOneWithout() {
		String traced = event();
		String untraced = event();
		aws.publish(traced, Map.of("eventType", "OrderPlaced", "notifyCustomer", "false", "traceparent",
				"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
		aws.publish(untraced, Map.of("eventType", "OrderPlaced", "notifyCustomer", "false"));

		await().untilAsserted(() -> {
			JsonNode snapshot = snapshot();
			assertThat(entry(snapshot.get("timeline"), traced).path("traceId").asString(""))
				.isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
			assertThat(entry(snapshot.get("timeline"), untraced).path("eventId").isString()).isTrue();
			assertThat(entry(snapshot.get("timeline"), untraced).path("traceId").isString()).isFalse();
		});
		assertThat(snapshot().get("zipkin").asString()).isEqualTo("http://127.0.0.1:9411");
	}

	@Test
	void recordsAnEventPublishedTwiceOnce() {
		String event = event();
		aws.publish(event, Map.of("eventType", "OrderPlaced", "notifyCustomer", "false"));
		aws.publish(event, Map.of("eventType", "OrderPlaced", "notifyCustomer", "false"));

		await().untilAsserted(() -> assertThat(receivers(snapshot().get("timeline"), event)).isNotEmpty());
		String eventId = event.replaceAll(".*\"eventId\":\"([^\"]+)\".*", "$1");
		assertThat(snapshot().get("timeline").findValuesAsString("eventId")).containsOnlyOnce(eventId);
	}

	@Test
	void showsTheDepthOfEveryQueueAndDeadLetterQueue() {
		sendToDeadLetterQueue("poison");

		// One snapshot reads the queues one after the other, some of them maybe before
		// this test's reset: the depths settle within a refresh or two.
		await().untilAsserted(() -> {
			JsonNode queues = snapshot().get("queues");
			assertThat(depth(queues, "order-fulfilment-dlq")).isEqualTo(1);
			assertThat(depth(queues, "order-fulfilment")).isZero();
		});
	}

	@Test
	void peeksIntoADeadLetterQueueWithoutConsumingIt() {
		sendToDeadLetterQueue("look but do not touch");

		for (int look = 0; look < 2; look++) {
			JsonNode messages = this.http.get()
				.uri("/api/queues/order-fulfilment-dlq/messages")
				.retrieve()
				.body(JsonNode.class);
			assertThat(messages.findValuesAsString("body")).containsExactly("look but do not touch");
		}
		assertThat(aws.visibleMessages("order-fulfilment-dlq")).isEqualTo(1);
	}

	@Test
	void redrivesADeadLetterQueueToItsSourceQueueKeepingBodyAndAttributes() {
		sendToDeadLetterQueue("second chance");

		JsonNode redrive = this.http.post()
			.uri("/api/queues/order-fulfilment-dlq/redrive")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{}")
			.retrieve()
			.body(JsonNode.class);

		// moto has no StartMessageMoveTask: the console moves the messages itself.
		assertThat(redrive.get("method").asString()).isEqualTo("receive-send-delete");
		assertThat(redrive.get("moved").asInt()).isEqualTo(1);
		assertThat(aws.messages("order-fulfilment-dlq")).isZero();
		List<Message> moved = aws.sqs()
			.receiveMessage((request) -> request.queueUrl(aws.provisioned().queueUrl("order-fulfilment"))
				.messageAttributeNames("All"))
			.messages();
		assertThat(moved).singleElement().satisfies((message) -> {
			assertThat(message.body()).isEqualTo("second chance");
			assertThat(message.messageAttributes().get("correlationId").stringValue()).isEqualTo("lesson-7");
		});
	}

	@Test
	void showsAnEventFoundInADeadLetterQueueAsDeadLetteredAndAfterTheRedriveAsRedriven() {
		String event = event();
		String eventId = eventId(event);
		aws.publish(event, Map.of("eventType", "OrderPlaced", "notifyCustomer", "false"));
		await().untilAsserted(() -> assertThat(outcome(eventId, "order-fulfilment")).isEqualTo("pending"));

		// Raw delivery: the dead-letter queue holds the event as published.
		sendToDeadLetterQueue(event);
		await().untilAsserted(() -> assertThat(outcome(eventId, "order-fulfilment")).isEqualTo("dead-lettered"));
		this.http.post()
			.uri("/api/queues/order-fulfilment-dlq/redrive")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{}")
			.retrieve()
			.toBodilessEntity();

		await().untilAsserted(() -> assertThat(outcome(eventId, "order-fulfilment")).isEqualTo("redriven"));
	}

	@Test
	void purgesADeadLetterQueueOnlyWhenTheNameIsConfirmed() {
		sendToDeadLetterQueue("doomed");

		var refused = this.http.delete()
			.uri("/api/queues/order-fulfilment-dlq/messages")
			.headers((headers) -> headers.setContentType(MediaType.APPLICATION_JSON))
			.retrieve()
			.toEntity(JsonNode.class);
		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(aws.visibleMessages("order-fulfilment-dlq")).isEqualTo(1);

		var purged = this.http.delete()
			.uri("/api/queues/order-fulfilment-dlq/messages?confirm=order-fulfilment-dlq")
			.headers((headers) -> headers.setContentType(MediaType.APPLICATION_JSON))
			.retrieve()
			.toBodilessEntity();
		assertThat(purged.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
		assertThat(aws.messages("order-fulfilment-dlq")).isZero();
	}

	@Test
	void refusesToPeekIntoASourceQueueBecauseThatWouldCountAsAReceive() {
		var refused = this.http.get().uri("/api/queues/order-fulfilment/messages").retrieve().toEntity(JsonNode.class);

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
	}

	@Test
	void streamsSnapshotsAsServerSentEvents() throws Exception {
		HttpResponse<InputStream> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/stream")).build(),
					HttpResponse.BodyHandlers.ofInputStream());
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			assertThat(response.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith(MediaType.TEXT_EVENT_STREAM_VALUE));
			assertThat(lines.readLine()).isEqualTo("event:snapshot");
			assertThat(lines.readLine()).startsWith("data:{").contains("\"topology\"");
		}
	}

	private JsonNode snapshot() {
		return this.http.get().uri("/api/snapshot").retrieve().body(JsonNode.class);
	}

	private static int depth(JsonNode queues, String queue) {
		for (JsonNode depth : queues) {
			if (depth.get("queue").asString().equals(queue)) {
				return depth.get("visible").asInt();
			}
		}
		return -1;
	}

	private String outcome(String eventId, String queue) {
		for (JsonNode entry : snapshot().get("timeline")) {
			if (entry.get("eventId").asString().equals(eventId)) {
				return entry.at("/outcomes/" + queue).asString("");
			}
		}
		return "";
	}

	private static String eventId(String event) {
		return event.replaceAll(".*\"eventId\":\"([^\"]+)\".*", "$1");
	}

	private static JsonNode entry(JsonNode timeline, String event) {
		String eventId = eventId(event);
		for (JsonNode entry : timeline) {
			if (entry.get("eventId").asString().equals(eventId)) {
				return entry;
			}
		}
		return MissingNode.getInstance();
	}

	private static List<String> receivers(JsonNode timeline, String event) {
		String eventId = eventId(event);
		for (JsonNode entry : timeline) {
			if (entry.get("eventId").asString().equals(eventId)) {
				return entry.get("receivers").valueStream().map(JsonNode::asString).toList();
			}
		}
		return List.of();
	}

	private static String event() {
		return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"orderId\":\"" + UUID.randomUUID() + "\"}";
	}

	private static void sendToDeadLetterQueue(String body) {
		aws.sqs()
			.sendMessage((request) -> request.queueUrl(aws.provisioned().queueUrl("order-fulfilment-dlq"))
				.messageBody(body)
				.messageAttributes(Map.of("correlationId",
						MessageAttributeValue.builder().dataType("String").stringValue("lesson-7").build())));
	}

}
