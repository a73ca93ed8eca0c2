package dev.fanoutlab.console.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.fanoutlab.console.ConsoleProperties;
import dev.fanoutlab.messaging.ClaimCheck;
import dev.fanoutlab.testsupport.AsyncHttp;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.messagemanager.sns.SnsMessageManager;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * The webhook as on AWS (no SNS endpoint configured) for tests that refuse before any AWS
 * call: clients of us-east-1 that are never called, the AWS SDK's signature verifier, and
 * the console's properties. Close it after each test.
 */
final class WebhookFixture implements AutoCloseable {

	static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:orders";

	static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider
		.create(AwsBasicCredentials.create("test", "test"));

	final JsonMapper json = JsonMapper.builder().build();

	final SnsClient sns = SnsClient.builder().region(Region.US_EAST_1).credentialsProvider(CREDENTIALS).build();

	final SqsAsyncClient sqs = SqsAsyncClient.builder()
		.region(Region.US_EAST_1)
		.credentialsProvider(CREDENTIALS)
		.httpClient(AsyncHttp.shared())
		.build();

	final SnsMessageManager verifier = SnsMessageManager.builder().region(Region.US_EAST_1).build();

	final S3Client s3 = S3Client.builder().region(Region.US_EAST_1).credentialsProvider(CREDENTIALS).build();

	final ClaimCheck claimCheck = new ClaimCheck(this.s3, "fanout-lab-payloads");

	/**
	 * The webhook, with or without SNS signature verification.
	 * @param verify whether signatures are verified
	 * @param properties the webhook's properties
	 * @return a webhook on this fixture's clients
	 */
	OrderWebhook webhook(boolean verify, WebhookProperties properties) {
		return webhook(this.sns, verify, properties);
	}

	/**
	 * The webhook on another SNS client, with or without signature verification.
	 * @param sns the SNS client that confirms subscriptions
	 * @param verify whether signatures are verified
	 * @param properties the webhook's properties
	 * @return a webhook on the given SNS client
	 */
	OrderWebhook webhook(SnsClient sns, boolean verify, WebhookProperties properties) {
		StaticListableBeanFactory beans = new StaticListableBeanFactory(
				verify ? Map.of("snsMessageManager", this.verifier) : Map.of());
		return new OrderWebhook(sns, this.sqs, beans.getBeanProvider(SnsMessageManager.class), console(), properties,
				this.json, this.claimCheck);
	}

	/**
	 * The console's properties: the orders topic and one reader.
	 * @return the properties
	 */
	static ConsoleProperties console() {
		return new ConsoleProperties(TOPIC, "order-console", null, "order-console.fifo",
				URI.create("http://localhost:8080"),
				Map.of("consumer-service",
						new ConsoleProperties.Reader(URI.create("http://localhost:8081"), "order-fulfilment",
								"/api/orders/{orderId}")),
				Duration.ofSeconds(1), null, List.of(), URI.create("http://127.0.0.1:9411"));
	}

	@Override
	public void close() {
		this.sns.close();
		this.sqs.close();
		this.verifier.close();
		this.s3.close();
	}

}
