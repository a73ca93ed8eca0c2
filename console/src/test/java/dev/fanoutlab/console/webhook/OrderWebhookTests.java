package dev.fanoutlab.console.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.fanoutlab.console.ConsoleProperties;
import dev.fanoutlab.messaging.ClaimCheck;
import dev.fanoutlab.testsupport.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.messagemanager.sns.SnsMessageManager;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order webhook as on AWS (no SNS endpoint configured): signatures verified with the
 * AWS SDK's {@link SnsMessageManager}, confirmations only from SNS's own host. Nothing
 * here reaches the network: what is refused is refused before any call.
 */
class OrderWebhookTests {

	static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:orders";

	final JsonMapper json = JsonMapper.builder().build();

	final SnsClient sns = SnsClient.builder()
		.region(Region.US_EAST_1)
		.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
		.build();

	final SqsAsyncClient sqs = SqsAsyncClient.builder()
		.region(Region.US_EAST_1)
		.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
		.build();

	final ClaimCheck claimCheck = new ClaimCheck(S3Client.builder()
		.region(Region.US_EAST_1)
		.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
		.build(), "fanout-lab-payloads");

	final SnsMessageManager verifier = SnsMessageManager.builder().region(Region.US_EAST_1).build();

	@AfterEach
	void close() {
		this.sns.close();
		this.sqs.close();
		this.verifier.close();
	}

	@Test
	void refusesANotificationWhoseSignatureDoesNotVerifyAndHandlesNothing() {
		OrderWebhook webhook = webhook(true);
		String notification = this.json.createObjectNode()
			.put("Type", "Notification")
			.put("MessageId", UUID.randomUUID().toString())
			.put("TopicArn", TOPIC)
			.put("Message", "{\"eventId\":\"e-1\",\"orderId\":\"o-1\"}")
			.put("Timestamp", "2026-11-27T21:00:00.000Z")
			.put("SignatureVersion", "2")
			.put("Signature", "bm90IGEgc2lnbmF0dXJl")
			.put("SigningCertURL", "https://attacker.example/SimpleNotificationService-0.pem")
			.put("UnsubscribeURL", "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe")
			.toString();

		assertThat(webhook.receive(notification)).isEqualTo(OrderWebhook.Received.SIGNATURE_INVALID);
		assertThat(webhook.view().deliveries()).isEmpty();
		assertThat(webhook.view().pushed()).isZero();
	}

	@Test
	void refusesAConfirmationWhoseSubscribeUrlIsNotSnsOwnWithoutCallingSns() {
		OrderWebhook webhook = webhook(false);
		String confirmation = this.json.createObjectNode()
			.put("Type", "SubscriptionConfirmation")
			.put("MessageId", UUID.randomUUID().toString())
			.put("Token", "forged")
			.put("TopicArn", TOPIC)
			.put("SubscribeURL", "https://attacker.example/?Action=ConfirmSubscription&TopicArn=" + TOPIC)
			.toString();

		assertThat(webhook.receive(confirmation)).isEqualTo(OrderWebhook.Received.FOREIGN_SUBSCRIBE_URL);
		assertThat(webhook.view().confirmations()).isZero();
	}

	@Test
	void answersAConfirmationThatSnsDoesNotConfirmAsFailedAndCountsNoConfirmation() {
		URI closed = URI.create("http://127.0.0.1:" + Ports.free());
		try (SnsClient unreachable = SnsClient.builder()
			.endpointOverride(closed)
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
			.build()) {
			OrderWebhook webhook = new OrderWebhook(unreachable, this.sqs,
					new StaticListableBeanFactory().getBeanProvider(SnsMessageManager.class), console(),
					new WebhookProperties(null, List.of()), this.json, this.claimCheck);
			String confirmation = this.json.createObjectNode()
				.put("Type", "SubscriptionConfirmation")
				.put("MessageId", UUID.randomUUID().toString())
				.put("Token", "expired")
				.put("TopicArn", TOPIC)
				.put("SubscribeURL", closed + "/?Action=ConfirmSubscription&TopicArn=" + TOPIC + "&Token=expired")
				.toString();

			assertThat(webhook.receive(confirmation)).isEqualTo(OrderWebhook.Received.CONFIRMATION_FAILED);
			assertThat(webhook.view().confirmations()).isZero();
		}
	}

	@Test
	void refusesAMessageOfAnotherTopic() {
		OrderWebhook webhook = webhook(false);
		String notification = this.json.createObjectNode()
			.put("Type", "Notification")
			.put("MessageId", UUID.randomUUID().toString())
			.put("TopicArn", "arn:aws:sns:us-east-1:210987654321:orders")
			.put("Message", "{}")
			.toString();

		assertThat(webhook.receive(notification)).isEqualTo(OrderWebhook.Received.FOREIGN_TOPIC);
		assertThat(webhook.view().deliveries()).isEmpty();
	}

	@Test
	void answersSomethingThatIsNotAnSnsMessageAsMalformed() {
		assertThat(webhook(false).receive("not json")).isEqualTo(OrderWebhook.Received.MALFORMED);
		assertThat(webhook(false).receive("{\"Type\":\"Notification\",\"TopicArn\":\"" + TOPIC + "\"}"))
			.isEqualTo(OrderWebhook.Received.MALFORMED);
	}

	private OrderWebhook webhook(boolean verify) {
		StaticListableBeanFactory beans = new StaticListableBeanFactory(
				verify ? Map.of("snsMessageManager", this.verifier) : Map.of());
		return new OrderWebhook(this.sns, this.sqs, beans.getBeanProvider(SnsMessageManager.class), console(),
				new WebhookProperties(null, List.of()), this.json, this.claimCheck);
	}

	private static ConsoleProperties console() {
		return new ConsoleProperties(TOPIC, "order-console", null, "order-console.fifo",
				URI.create("http://localhost:8080"),
				Map.of("consumer-service", new ConsoleProperties.Reader(URI.create("http://localhost:8081"),
						"order-fulfilment", "/api/orders/{orderId}")),
				Duration.ofSeconds(1), null, List.of());
	}

}
