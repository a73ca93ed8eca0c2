package dev.fanoutlab.console.webhook;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.fanoutlab.console.BulkOrders;
import dev.fanoutlab.messaging.ClaimCheck;
import dev.fanoutlab.testsupport.Http;
import dev.fanoutlab.testsupport.LocalAws;
import dev.fanoutlab.testsupport.Ports;
import dev.fanoutlab.topology.PayloadBucket;
import dev.fanoutlab.topology.PushSubscription;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.model.SnsException;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Push delivery against moto 5.2.1: the order webhook subscribed to the topic over HTTP,
 * and exactly what moto does with it. moto confirms an HTTP subscription at once (it
 * sends no {@code SubscriptionConfirmation}: the test sends one as SNS would), POSTs each
 * message once inside {@code Publish}, never retries, and keeps the delivery policy and
 * the subscription's redrive policy without using them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT,
		properties = { "fanout-lab.console.refresh=300ms", "spring.cloud.aws.sns.verification=false" })
class OrderWebhookIntegrationTests {

	static final LocalAws aws = LocalAws.get();

	static final int port = Ports.free();

	static final String endpoint = "http://127.0.0.1:" + port + "/webhooks/orders";

	@DynamicPropertySource
	static void aws(DynamicPropertyRegistry registry) {
		aws.registerProperties(registry);
		registry.add("fanout-lab.console.topic-arn", () -> aws.provisioned().topicArn());
		registry.add("server.port", () -> port);
		registry.add("fanout-lab.console.webhook.endpoint", () -> endpoint);
	}

	final JsonMapper json = JsonMapper.builder().build();

	RestClient http;

	@BeforeEach
	void startClean() {
		aws.reset();
		this.http = Http.client(port);
		available(true);
		String dlq = aws.sqs().getQueueUrl((request) -> request.queueName("order-webhook-dlq")).queueUrl();
		aws.sqs().purgeQueue((request) -> request.queueUrl(dlq));
	}

	@Test
	void subscribesTheWebhookWithItsDeliveryPolicyAndASubscriptionDeadLetterQueueOnlyTheTopicMaySendTo() {
		String topicArn = aws.provisioned().topicArn();
		Subscription subscription = aws.sns()
			.listSubscriptionsByTopic((request) -> request.topicArn(topicArn))
			.subscriptions()
			.stream()
			.filter((candidate) -> endpoint.equals(candidate.endpoint()))
			.findFirst()
			.orElseThrow();
		assertThat(subscription.protocol()).isEqualTo("http");
		Map<String, String> attributes = aws.sns()
			.getSubscriptionAttributes((request) -> request.subscriptionArn(subscription.subscriptionArn()))
			.attributes();
		assertThat(this.json.readTree(attributes.get("DeliveryPolicy")))
			.isEqualTo(this.json.readTree(PushSubscription.ORDER_WEBHOOK_DELIVERY_POLICY));
		String dlqUrl = aws.sqs().getQueueUrl((request) -> request.queueName("order-webhook-dlq")).queueUrl();
		Map<QueueAttributeName, String> dlq = aws.sqs()
			.getQueueAttributes((request) -> request.queueUrl(dlqUrl)
				.attributeNames(QueueAttributeName.QUEUE_ARN, QueueAttributeName.POLICY))
			.attributes();
		assertThat(this.json.readTree(attributes.get("RedrivePolicy")).get("deadLetterTargetArn").asString())
			.isEqualTo(dlq.get(QueueAttributeName.QUEUE_ARN));
		assertThat(dlq.get(QueueAttributeName.POLICY)).contains("sns.amazonaws.com").contains(topicArn);
		// moto confirms an HTTP(S) subscription at once; AWS keeps it pending until the
		// endpoint confirms.
		assertThat(attributes).containsEntry("PendingConfirmation", "false");
		assertThat(view().at("/subscription/subscriptionArn").asString()).isEqualTo(subscription.subscriptionArn());
	}

	@Test
	void showsAPublishedOrderAsPushedToTheWebhookAsSoonAsPublishReturns() {
		String eventId = UUID.randomUUID().toString();
		String orderId = UUID.randomUUID().toString();

		aws.publish(event(eventId, orderId), Map.of("eventType", "OrderPlaced", "notifyCustomer", "false"));

		// moto POSTs inside Publish: no waiting. On AWS the POST follows within moments.
		JsonNode delivery = delivery(view(), eventId);
		assertThat(delivery.get("orderId").asString()).isEqualTo(orderId);
		assertThat(delivery.get("handled").asBoolean()).isTrue();
		assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
		await().untilAsserted(() -> assertThat(delivery(snapshot().get("webhook"), eventId)).isNotNull());
	}

	@Test
	void showsABulkOrderPushedAsAClaimCheckWithTheOrderItsPointerNames() {
		String eventId = UUID.randomUUID().toString();
		String orderId = UUID.randomUUID().toString();
		String event = BulkOrders.event(eventId, orderId, 5_000);

		BulkOrders.publish(aws, event);

		// moto POSTs the pointer inside Publish (and leaves the MessageAttributes out of
		// it).
		JsonNode delivery = delivery(view(), eventId);
		assertThat(delivery.get("orderId").asString()).isEqualTo(orderId);
		assertThat(delivery.get("handled").asBoolean()).isTrue();
		assertThat(delivery.at("/claimCheck/size").asLong()).isEqualTo(event.getBytes(StandardCharsets.UTF_8).length);
		assertThat(delivery.at("/claimCheck/bucket").asString()).isEqualTo(PayloadBucket.NAME);
		assertThat(delivery.at("/claimCheck/key").asString()).isNotBlank();
	}

	@Test
	void refusesAClaimCheckWhosePayloadIsGoneAsAPermanentFailure() {
		String messageId = UUID.randomUUID().toString();
		int refusalsBefore = view().get("refusals").asInt();
		ObjectNode notification = this.json.createObjectNode()
			.put("Type", "Notification")
			.put("MessageId", messageId)
			.put("TopicArn", aws.provisioned().topicArn())
			.put("Message",
					"[\"software.amazon.payloadoffloading.PayloadS3Pointer\",{\"s3BucketName\":\"" + PayloadBucket.NAME
							+ "\",\"s3Key\":\"" + UUID.randomUUID() + "\"}]")
			.put("Timestamp", "2026-11-27T21:00:00.000Z");
		notification.putObject("MessageAttributes")
			.putObject(ClaimCheck.ATTRIBUTE)
			.put("Type", "Number")
			.put("Value", "300000");

		ResponseEntity<JsonNode> answer = post(notification.toString());

		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(answer.getBody().get("title").asString()).isEqualTo("Claim-checked payload missing");
		JsonNode view = view();
		assertThat(view.get("refusals").asInt()).isEqualTo(refusalsBefore + 1);
		assertThat(view.get("deliveries").findValuesAsString("messageId")).doesNotContain(messageId);
	}

	@Test
	void handlesAMessageIdDeliveredTwiceOnce() {
		String messageId = UUID.randomUUID().toString();
		String eventId = UUID.randomUUID().toString();
		int duplicatesBefore = view().get("duplicates").asInt();
		int pushedBefore = view().get("pushed").asInt();

		ResponseEntity<JsonNode> first = post(notification(messageId, eventId));
		ResponseEntity<JsonNode> second = post(notification(messageId, eventId));

		assertThat(first.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(first.getBody().get("outcome").asString()).isEqualTo("pushed");
		assertThat(second.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(second.getBody().get("outcome").asString()).isEqualTo("duplicate");
		JsonNode view = view();
		assertThat(view.get("pushed").asInt()).isEqualTo(pushedBefore + 1);
		assertThat(view.get("duplicates").asInt()).isEqualTo(duplicatesBefore + 1);
		assertThat(view.get("deliveries").findValuesAsString("messageId")).containsOnlyOnce(messageId);
		assertThat(delivery(view, eventId).get("attempts").asInt()).isEqualTo(2);
	}

	@Test
	void confirmsASubscriptionConfirmationWithTheSdk() {
		String topicArn = aws.provisioned().topicArn();
		int before = view().get("confirmations").asInt();

		ResponseEntity<JsonNode> answer = post(confirmation(aws.endpoint() + "/?Action=ConfirmSubscription&TopicArn="
				+ topicArn + "&Token=token-" + UUID.randomUUID()));

		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(answer.getBody().get("outcome").asString()).isEqualTo("confirmed");
		JsonNode view = view();
		assertThat(view.get("confirmations").asInt()).isEqualTo(before + 1);
		// What moto's ConfirmSubscription answers, whatever the token: the SDK call was
		// made.
		assertThat(view.get("confirmedSubscriptionArn").asString())
			.isEqualTo(topicArn + ":68762e72-e9b1-410a-8b3b-903da69ee1d5");
	}

	@Test
	void refusesAConfirmationWhoseSubscribeUrlIsNotTheEmulatorsAndConfirmsNothing() {
		String topicArn = aws.provisioned().topicArn();
		int before = view().get("confirmations").asInt();

		ResponseEntity<JsonNode> answer = post(confirmation(
				"https://sns.us-east-1.amazonaws.com.attacker.example/?Action=ConfirmSubscription&TopicArn=" + topicArn
						+ "&Token=forged"));

		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(view().get("confirmations").asInt()).isEqualTo(before);
	}

	@Test
	void missesAPushForGoodOnTheEmulatorWhileTheWebhookIsDownButTheQueueKeepsItsCopy() {
		available(false);
		String eventId = UUID.randomUUID().toString();

		aws.publish(event(eventId, UUID.randomUUID().toString()),
				Map.of("eventType", "OrderPlaced", "notifyCustomer", "false"));

		// One POST, inside Publish, answered 503; moto ignores the answer: no retry,
		// ever,
		// and nothing in the subscription's dead-letter queue. AWS would retry per the
		// delivery policy, then dead-letter it.
		assertThat(delivery(view(), eventId).get("attempts").asInt()).isEqualTo(1);
		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(delivery(view(), eventId).get("attempts").asInt()).isEqualTo(1));
		assertThat(webhookDeadLetters()).isZero();
		available(true);
		assertThat(delivery(view(), eventId).get("handled").asBoolean()).isFalse();
		// Pull: the queue kept the event for its reader, whenever it comes back.
		assertThat(aws.visibleMessages("order-fulfilment")).isEqualTo(1);
	}

	@Test
	void failsEveryPublishOnTheEmulatorWhileAnHttpSubscriberDoesNotAnswerAtAll() {
		String topicArn = aws.sns()
			.createTopic((request) -> request.name("unanswered-" + UUID.randomUUID()))
			.topicArn();
		try {
			aws.sns()
				.subscribe((request) -> request.topicArn(topicArn)
					.protocol("http")
					.endpoint("http://127.0.0.1:" + Ports.free() + "/nobody-listens"));

			// moto POSTs inside Publish and fails the Publish when nobody answers; AWS
			// accepts the message and retries the endpoint. This is why the console
			// unsubscribes its webhook when it stops, against the emulator only.
			assertThatExceptionOfType(SnsException.class)
				.isThrownBy(() -> aws.sns().publish((request) -> request.topicArn(topicArn).message("hello")))
				.satisfies((ex) -> assertThat(ex.statusCode()).isEqualTo(500));
		}
		finally {
			aws.sns().deleteTopic((request) -> request.topicArn(topicArn));
		}
	}

	private int webhookDeadLetters() {
		String url = aws.sqs().getQueueUrl((request) -> request.queueName("order-webhook-dlq")).queueUrl();
		return Integer.parseInt(aws.sqs()
			.getQueueAttributes((request) -> request.queueUrl(url)
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
			.attributes()
			.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
	}

	private void available(boolean available) {
		ResponseEntity<JsonNode> answer = this.http.post()
			.uri("/api/webhook")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"available\": " + available + "}")
			.retrieve()
			.toEntity(JsonNode.class);
		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	private ResponseEntity<JsonNode> post(String body) {
		// As SNS posts: text/plain, to the URL it was given.
		return this.http.post()
			.uri(URI.create(endpoint))
			.contentType(MediaType.parseMediaType("text/plain; charset=UTF-8"))
			.body(body)
			.retrieve()
			.toEntity(JsonNode.class);
	}

	private JsonNode view() {
		return this.http.get().uri("/api/webhook").retrieve().body(JsonNode.class);
	}

	private JsonNode snapshot() {
		return this.http.get().uri("/api/snapshot").retrieve().body(JsonNode.class);
	}

	private static JsonNode delivery(JsonNode view, String eventId) {
		for (JsonNode delivery : view.get("deliveries")) {
			if (delivery.get("eventId").asString().equals(eventId)) {
				return delivery;
			}
		}
		throw new AssertionError("No delivery of event " + eventId + " in " + view);
	}

	private String notification(String messageId, String eventId) {
		return this.json.createObjectNode()
			.put("Type", "Notification")
			.put("MessageId", messageId)
			.put("TopicArn", aws.provisioned().topicArn())
			.put("Message", event(eventId, UUID.randomUUID().toString()))
			.put("Timestamp", "2026-11-27T21:00:00.000Z")
			.toString();
	}

	private String confirmation(String subscribeUrl) {
		return this.json.createObjectNode()
			.put("Type", "SubscriptionConfirmation")
			.put("MessageId", UUID.randomUUID().toString())
			.put("Token", "token-" + UUID.randomUUID())
			.put("TopicArn", aws.provisioned().topicArn())
			.put("Message", "You have chosen to subscribe to the topic. To confirm, visit the SubscribeURL.")
			.put("SubscribeURL", subscribeUrl)
			.put("Timestamp", "2026-11-27T21:00:00.000Z")
			.toString();
	}

	private static String event(String eventId, String orderId) {
		return "{\"eventId\":\"" + eventId + "\",\"orderId\":\"" + orderId + "\"}";
	}

}
