package dev.fanoutlab.producer.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.fanoutlab.testsupport.Http;
import dev.fanoutlab.testsupport.LocalAws;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
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
 * The FIFO lane ({@code "lane": "fifo"}) against the local AWS backend: what reaches the
 * FIFO queues, with which message group and deduplication id, in which order. moto
 * delivers SNS messages to SQS inside Publish, so the queues can be read at once.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class FifoLaneIntegrationTests {

	static final LocalAws aws = LocalAws.get();

	@DynamicPropertySource
	static void aws(DynamicPropertyRegistry registry) {
		aws.registerProperties(registry);
		registry.add("fanout-lab.messaging.topic-arn", () -> aws.provisioned().topicArn());
		registry.add("fanout-lab.messaging.fifo-topic-arn", () -> aws.provisioned().fifoTopicArn());
	}

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	@Autowired
	SnsOrderPublisher publisher;

	RestClient http;

	@BeforeEach
	void startClean() {
		aws.reset();
		this.http = Http.client(this.port);
	}

	@Test
	void publishesAFifoOrderToBothFifoQueuesWithTheCustomerAsGroupAndTheEventIdAsDeduplicationId() {
		ResponseEntity<JsonNode> response = post(order("ada@example.com", "fifo", true));

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		String eventId = response.getBody().get("eventId").asString();
		Message fulfilment = receiveAll("order-fulfilment.fifo").get(0);
		assertThat(this.json.readTree(fulfilment.body()).get("eventId").asString()).isEqualTo(eventId);
		assertThat(fulfilment.attributes())
			.containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID,
					SnsOrderPublisher.messageGroupId("ada@example.com"))
			.containsEntry(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID, eventId);
		assertThat(fulfilment.messageAttributes().get("notifyCustomer").stringValue()).isEqualTo("true");
		Message notification = receiveAll("order-notifications.fifo").get(0);
		JsonNode envelope = this.json.readTree(notification.body());
		assertThat(envelope.get("Type").asString()).isEqualTo("Notification");
		assertThat(envelope.get("TopicArn").asString()).isEqualTo(aws.provisioned().fifoTopicArn());
		assertThat(this.json.readTree(envelope.get("Message").asString()).get("eventId").asString()).isEqualTo(eventId);
		assertThat(notification.attributes()).containsEntry(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID,
				eventId);
		assertThat(receiveAll("order-fulfilment")).isEmpty();
		assertThat(receiveAll("order-notifications")).isEmpty();
	}

	@Test
	void keepsTheStandardLaneTheDefaultAndOffTheFifoQueues() {
		post(order("ada@example.com", null, true));
		post(order("ada@example.com", "standard", true));

		assertThat(receiveAll("order-fulfilment")).hasSize(2);
		assertThat(receiveAll("order-fulfilment.fifo")).isEmpty();
		assertThat(receiveAll("order-notifications.fifo")).isEmpty();
	}

	@Test
	void appliesTheNotificationsFilterPolicyOnTheFifoLaneToo() {
		post(order("grace@example.com", "fifo", false));

		assertThat(receiveAll("order-fulfilment.fifo")).hasSize(1);
		assertThat(receiveAll("order-notifications.fifo")).isEmpty();
	}

	@Test
	void rejectsAnUnknownLaneWithProblemDetailsAndPublishesNothing() {
		ResponseEntity<JsonNode> response = post(order("ada@example.com", "express", true));

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getBody().get("errors").findValuesAsString("field")).containsExactly("lane");
		for (String queue : List.of("order-fulfilment", "order-notifications", "order-fulfilment.fifo",
				"order-notifications.fifo")) {
			assertThat(receiveAll(queue)).as(queue).isEmpty();
		}
	}

	@Test
	void deliversEachCustomersFifoOrdersInTheOrderPlacedWithCustomersInterleaved() {
		Map<String, List<String>> placed = new LinkedHashMap<>();
		for (int round = 0; round < 4; round++) {
			for (String customer : List.of("ada@example.com", "bob@example.com", "cy@example.com")) {
				String orderId = post(order(customer, "fifo", false)).getBody().get("orderId").asString();
				placed.computeIfAbsent(SnsOrderPublisher.messageGroupId(customer), (group) -> new ArrayList<>())
					.add(orderId);
			}
		}

		Map<String, List<String>> received = new LinkedHashMap<>();
		String queue = aws.provisioned().queueUrl("order-fulfilment.fifo");
		for (int receive = 0; receive < 20 && received.values().stream().mapToInt(List::size).sum() < 12; receive++) {
			for (Message message : aws.sqs()
				.receiveMessage((request) -> request.queueUrl(queue)
					.maxNumberOfMessages(10)
					.messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID))
				.messages()) {
				received
					.computeIfAbsent(message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID),
							(group) -> new ArrayList<>())
					.add(this.json.readTree(message.body()).get("orderId").asString());
				aws.sqs().deleteMessage((request) -> request.queueUrl(queue).receiptHandle(message.receiptHandle()));
			}
		}

		assertThat(received).as("one message group per customer").hasSize(3).isEqualTo(placed);
	}

	/**
	 * A re-publish of the same event (a retry after an unconfirmed publish, or a replay)
	 * carries the same deduplication id. On AWS the FIFO topic drops it within 5 minutes.
	 * moto's topic accepts both publishes; its FIFO queue drops the second only because
	 * the first copy is still in it (test-support's FifoLaneIntegrationTests show that it
	 * forgets the id once that copy is deleted).
	 */
	@Test
	void deliversAnEventPublishedTwiceWithinTheDeduplicationWindowOnce() {
		PlaceOrder order = new PlaceOrder("ada@example.com", List.of(new PlaceOrder.Item("BOOK-42", 1, BigDecimal.ONE)),
				null, true, "fifo");
		OrderPlaced event = OrderPlaced.of(order, UUID.randomUUID(), UUID.randomUUID(), Instant.now(), "retry-1");

		this.publisher.publishFifo(event);
		this.publisher.publishFifo(event);

		assertThat(receiveAll("order-fulfilment.fifo")).singleElement()
			.satisfies((message) -> assertThat(message.attributes())
				.containsEntry(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID, event.eventId().toString()));
		assertThat(receiveAll("order-notifications.fifo")).hasSize(1);
	}

	private static String order(String customer, String lane, boolean notify) {
		String laneField = (lane != null) ? "\"lane\":\"" + lane + "\"," : "";
		return "{" + laneField + "\"customerEmail\":\"" + customer + "\",\"notifyCustomer\":" + notify
				+ ",\"items\":[{\"sku\":\"BOOK-42\",\"quantity\":1,\"unitPrice\":12.50}]}";
	}

	private ResponseEntity<JsonNode> post(String body) {
		return this.http.post()
			.uri("/api/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toEntity(JsonNode.class);
	}

	private List<Message> receiveAll(String queue) {
		return aws.sqs()
			.receiveMessage((request) -> request.queueUrl(aws.provisioned().queueUrl(queue))
				.maxNumberOfMessages(10)
				.messageAttributeNames("All")
				.messageSystemAttributeNames(MessageSystemAttributeName.ALL)
				.visibilityTimeout(0))
			.messages();
	}

}
