package dev.fanoutlab.console.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.fanoutlab.console.ConsoleProperties;
import dev.fanoutlab.messaging.ClaimCheck;
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

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * On AWS (no SNS endpoint configured) the console refuses to start a webhook SNS could
 * not reach safely. Refused before any AWS call.
 */
class WebhookSubscriberTests {

	final SnsClient sns = SnsClient.builder()
		.region(Region.US_EAST_1)
		.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
		.build();

	final SqsAsyncClient sqs = SqsAsyncClient.builder()
		.region(Region.US_EAST_1)
		.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
		.build();

	final SnsMessageManager verifier = SnsMessageManager.builder().region(Region.US_EAST_1).build();

	@AfterEach
	void close() {
		this.sns.close();
		this.sqs.close();
		this.verifier.close();
	}

	@Test
	void refusesToStartOnAwsWithAnEndpointThatIsNotHttps() {
		assertThatIllegalStateException()
			.isThrownBy(() -> subscriber("http://webhook.example.com/webhooks/orders", true).start())
			.withMessageContaining("must be https");
	}

	@Test
	void refusesToStartOnAwsWithSignatureVerificationOff() {
		assertThatIllegalStateException()
			.isThrownBy(() -> subscriber("https://webhook.example.com/webhooks/orders", false).start())
			.withMessageContaining("spring.cloud.aws.sns.verification=true");
	}

	private WebhookSubscriber subscriber(String endpoint, boolean verify) {
		ConsoleProperties console = new ConsoleProperties("arn:aws:sns:us-east-1:123456789012:orders", "order-console",
				null, "order-console.fifo", URI.create("http://localhost:8080"),
				Map.of("consumer-service", new ConsoleProperties.Reader(URI.create("http://localhost:8081"),
						"order-fulfilment", "/api/orders/{orderId}")),
				Duration.ofSeconds(1), null, List.of());
		WebhookProperties properties = new WebhookProperties(URI.create(endpoint), List.of());
		StaticListableBeanFactory beans = new StaticListableBeanFactory(
				verify ? Map.of("snsMessageManager", this.verifier) : Map.of());
		OrderWebhook webhook = new OrderWebhook(this.sns, this.sqs, beans.getBeanProvider(SnsMessageManager.class),
				console, properties, JsonMapper.builder().build(),
				new ClaimCheck(S3Client.builder()
					.region(Region.US_EAST_1)
					.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
					.build(), "fanout-lab-payloads"));
		return new WebhookSubscriber(this.sns, this.sqs, webhook, console, properties);
	}

}
