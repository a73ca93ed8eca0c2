package dev.fanoutlab.console.timeline;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.fanoutlab.testsupport.Http;
import dev.fanoutlab.testsupport.LocalAws;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The FIFO lane in the console, against moto: the console's own FIFO queue sees every
 * event of {@code orders.fifo} with its message group and sequence number; the groups
 * with events not yet processed are listed as in flight; outcomes are followed on the
 * FIFO queues and their DLQs, and a FIFO DLQ is redriven into the events' groups. The
 * readers' APIs are a stand-in.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "fanout-lab.console.refresh=300ms")
class FifoLaneIntegrationTests {

	static final LocalAws aws = LocalAws.get();

	static final StandInReaders readers = StandInReaders.start();

	@DynamicPropertySource
	static void aws(DynamicPropertyRegistry registry) {
		aws.registerProperties(registry);
		registry.add("fanout-lab.console.topic-arn", () -> aws.provisioned().topicArn());
		registry.add("fanout-lab.console.fifo-topic-arn", () -> aws.provisioned().fifoTopicArn());
		registry.add("fanout-lab.console.readers.consumer-service.url", readers::url);
		registry.add("fanout-lab.console.readers.notifier-service.url", readers::url);
	}

	@AfterAll
	static void stopReaders() {
		readers.stop();
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
	void showsTheFifoLaneBesideTheStandardOneWithTheConsolesOwnFifoQueue() {
		JsonNode snapshot = snapshot();

		assertThat(snapshot.at("/topology/fifoTopic").asString()).isEqualTo("orders.fifo");
		assertThat(lane(snapshot, "fifo")).containsExactly("order-console.fifo", "order-fulfilment.fifo",
				"order-notifications.fifo");
		assertThat(lane(snapshot, "standard")).containsExactly("order-console", "order-fulfilment",
				"order-notifications");
		JsonNode notifications = subscription(snapshot, "order-notifications.fifo");
		assertThat(notifications.get("filterPolicy").asString())
			.isEqualTo(subscription(snapshot, "order-notifications").get("filterPolicy").asString());
		assertThat(notifications.get("deadLetterQueue").asString()).isEqualTo("order-notifications-dlq.fifo");
		assertThat(notifications.get("reader").asString()).isEqualTo("notifier-service");
		assertThat(snapshot.get("queues").findValuesAsString("queue")).contains("order-fulfilment.fifo",
				"order-fulfilment-dlq.fifo", "order-notifications.fifo", "order-notifications-dlq.fifo");
	}

	@Test
	void showsAFifoEventsLaneGroupAndSequenceNumberAndItsGroupInFlightUntilItIsProcessed() {
		String adaEmail = customer("ada");
		String bobEmail = customer("bob");
		String ada = group(adaEmail);
		String bob = group(bobEmail);
		Published ada1 = publishFifo(adaEmail);
		Published ada2 = publishFifo(adaEmail);
		Published bob1 = publishFifo(bobEmail);

		await().untilAsserted(() -> {
			JsonNode entry = entry(snapshot(), ada1.eventId());
			assertThat(entry.get("lane").asString()).isEqualTo("fifo");
			assertThat(entry.get("messageGroupId").asString()).isEqualTo(ada);
			assertThat(entry.get("sequenceNumber").asString()).isNotBlank();
			assertThat(entry.get("receivers").valueStream().map(JsonNode::asString))
				.containsExactly("order-fulfilment.fifo");
			assertThat(entry.at("/order/customerEmail").asString()).isEqualTo(adaEmail);
			assertThat(groupsInFlight(snapshot())).containsEntry(ada, 2).containsEntry(bob, 1);
		});
		assertThat(headOf(snapshot(), ada)).isEqualTo(ada1.orderId());

		// Bob's group flows while Ada's waits for its head.
		readers.processed(bob1.orderId());
		await().untilAsserted(() -> {
			assertThat(groupsInFlight(snapshot())).doesNotContainKey(bob).containsEntry(ada, 2);
			assertThat(outcome(bob1.eventId(), "order-fulfilment.fifo")).isEqualTo("processed");
		});

		readers.processed(ada1.orderId());
		readers.processed(ada2.orderId());
		await().untilAsserted(() -> assertThat(groupsInFlight(snapshot())).doesNotContainKey(ada));
	}

	@Test
	void showsAFifoEventInItsDeadLetterQueueAsDeadLetteredAndRedrivesItIntoItsGroup() {
		String adaEmail = customer("ada");
		String ada = group(adaEmail);
		Published poison = publishFifo(adaEmail);
		await().untilAsserted(() -> assertThat(groupsInFlight(snapshot())).containsEntry(ada, 1));

		// Raw delivery: the DLQ holds the event as published, in its group.
		aws.sqs()
			.sendMessage((request) -> request.queueUrl(aws.provisioned().queueUrl("order-fulfilment-dlq.fifo"))
				.messageBody(poison.body())
				.messageGroupId(ada)
				.messageDeduplicationId(poison.eventId()));
		await().untilAsserted(() -> {
			assertThat(outcome(poison.eventId(), "order-fulfilment.fifo")).isEqualTo("dead-lettered");
			assertThat(groupsInFlight(snapshot())).doesNotContainKey(ada);
		});

		JsonNode redrive = this.http.post()
			.uri("/api/queues/order-fulfilment-dlq.fifo/redrive")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{}")
			.retrieve()
			.body(JsonNode.class);

		assertThat(redrive.get("method").asString()).isEqualTo("receive-send-delete");
		assertThat(redrive.get("moved").asInt()).isEqualTo(1);
		assertThat(aws.messages("order-fulfilment-dlq.fifo")).isZero();
		// The published copy is still in the queue (nobody reads it here): the redriven
		// one is not taken for its duplicate.
		assertThat(aws.messages("order-fulfilment.fifo")).isEqualTo(2);
		List<Message> queued = aws.sqs()
			.receiveMessage((request) -> request.queueUrl(aws.provisioned().queueUrl("order-fulfilment.fifo"))
				.maxNumberOfMessages(10)
				.messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID))
			.messages();
		assertThat(queued).isNotEmpty()
			.allSatisfy((message) -> assertThat(message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
				.isEqualTo(ada));
		await().untilAsserted(() -> {
			assertThat(outcome(poison.eventId(), "order-fulfilment.fifo")).isEqualTo("redriven");
			assertThat(groupsInFlight(snapshot())).containsEntry(ada, 1);
		});
	}

	private Published publishFifo(String email) {
		String group = group(email);
		String eventId = UUID.randomUUID().toString();
		String orderId = UUID.randomUUID().toString();
		String body = "{\"eventId\":\"" + eventId + "\",\"orderId\":\"" + orderId + "\",\"customerEmail\":\"" + email
				+ "\",\"currency\":\"EUR\",\"items\":[{\"sku\":\"BOOK-42\",\"quantity\":2,\"unitPrice\":12.50}],"
				+ "\"total\":25.00}";
		aws.sns()
			.publish((request) -> request.topicArn(aws.provisioned().fifoTopicArn())
				.message(body)
				.messageGroupId(group)
				.messageDeduplicationId(eventId)
				.messageAttributes(Map.of("eventType", string("OrderPlaced"), "notifyCustomer", string("false"))));
		return new Published(eventId, orderId, body);
	}

	private static MessageAttributeValue string(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

	/**
	 * A customer of this test only: the console's timeline outlives a test, so each test
	 * has groups of its own.
	 */
	private static String customer(String name) {
		return name + "-" + UUID.randomUUID() + "@example.com";
	}

	/** The message group the producer gives a customer's orders. */
	private static String group(String email) {
		try {
			return "customer-" + HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(email.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private JsonNode snapshot() {
		return this.http.get().uri("/api/snapshot").retrieve().body(JsonNode.class);
	}

	private static List<String> lane(JsonNode snapshot, String lane) {
		return snapshot.at("/topology/subscriptions")
			.valueStream()
			.filter((subscription) -> subscription.get("lane").asString().equals(lane))
			.map((subscription) -> subscription.get("queue").asString())
			.toList();
	}

	private static JsonNode subscription(JsonNode snapshot, String queue) {
		return snapshot.at("/topology/subscriptions")
			.valueStream()
			.filter((subscription) -> subscription.get("queue").asString().equals(queue))
			.findFirst()
			.orElseThrow();
	}

	private static Map<String, Integer> groupsInFlight(JsonNode snapshot) {
		Map<String, Integer> groups = new LinkedHashMap<>();
		snapshot.get("groupsInFlight")
			.forEach((group) -> groups.put(group.get("messageGroupId").asString(), group.get("pending").asInt()));
		return groups;
	}

	private static String headOf(JsonNode snapshot, String group) {
		return snapshot.get("groupsInFlight")
			.valueStream()
			.filter((candidate) -> candidate.get("messageGroupId").asString().equals(group))
			.map((candidate) -> candidate.get("headOrderId").asString())
			.findFirst()
			.orElseThrow();
	}

	private static JsonNode entry(JsonNode snapshot, String eventId) {
		return snapshot.get("timeline")
			.valueStream()
			.filter((entry) -> entry.get("eventId").asString().equals(eventId))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No timeline entry of " + eventId));
	}

	private String outcome(String eventId, String queue) {
		return entry(snapshot(), eventId).at("/outcomes/" + queue).asString("");
	}

	private record Published(String eventId, String orderId, String body) {

	}

}
