package dev.fanoutlab.producer.orders;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import com.amazon.sqs.javamessaging.AmazonSQSExtendedAsyncClient;
import com.amazon.sqs.javamessaging.ExtendedAsyncClientConfiguration;
import dev.fanoutlab.testsupport.LocalAws;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.payloadoffloading.PayloadS3Pointer;
import software.amazon.payloadoffloading.S3BackedPayloadStore;
import software.amazon.payloadoffloading.S3Dao;
import software.amazon.sns.AmazonSNSExtendedClient;
import software.amazon.sns.SNSExtendedClientConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the readers would get from AWS's SQS extended client
 * ({@code AmazonSQSExtendedAsyncClient} 2.1.2, which Spring Cloud AWS 4.1 makes the
 * listeners' {@code SqsAsyncClient} when {@code spring.cloud.aws.sqs.extended.bucket} is
 * set) for what this producer publishes by claim check, pinned against the local AWS
 * backend. It is why the readers resolve claim checks per message with
 * messaging-support's {@code ClaimCheck} instead: the extended client resolves only raw
 * deliveries, and one missing payload fails the whole batch received with it. (Spring
 * Cloud AWS's default {@code cleanup-s3-payload=true} would also delete the payload on
 * the first reader's acknowledgement, from under the other subscriber; this test turns it
 * off.)
 */
class SqsExtendedClientIntegrationTests {

	static final LocalAws aws = LocalAws.get();

	static final String BUCKET = "fanout-lab-payloads";

	static final String EVENT = "{\"eventType\":\"OrderPlaced\"}";

	static final String ATTRIBUTE = "ExtendedPayloadSize";

	final SqsAsyncClient sqs = SqsAsyncClient.builder()
		.endpointOverride(aws.endpoint())
		.region(Region.of(LocalAws.REGION))
		.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
		.build();

	final S3AsyncClient s3 = S3AsyncClient.builder()
		.endpointOverride(aws.endpoint())
		.region(Region.of(LocalAws.REGION))
		.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
		.forcePathStyle(true)
		.build();

	final AmazonSQSExtendedAsyncClient extended = new AmazonSQSExtendedAsyncClient(this.sqs,
			new ExtendedAsyncClientConfiguration().withPayloadSupportEnabled(this.s3, BUCKET, false));

	final S3BackedPayloadStore payloads = new S3BackedPayloadStore(new S3Dao(aws.s3()), BUCKET);

	@AfterEach
	void close() {
		this.sqs.close();
		this.s3.close();
	}

	@Test
	void resolvesARawDeliveryButPassesAnEnvelopedOneOnWithThePointerInside() {
		String topic = aws.sns().createTopic((request) -> request.name("claim-check-probe")).topicArn();
		String raw = subscribedQueue(topic, true);
		String enveloped = subscribedQueue(topic, false);
		// as SnsOrderPublisher publishes, through S3 whatever the size
		new AmazonSNSExtendedClient(aws.sns(),
				new SNSExtendedClientConfiguration().withPayloadSupportEnabled(aws.s3(), BUCKET)
					.withAlwaysThroughS3(true))
			.publish((request) -> request.topicArn(topic).message(EVENT));

		assertThat(receive(raw)).extracting(Message::body).containsExactly(EVENT);
		assertThat(receive(enveloped)).singleElement()
			.satisfies((message) -> assertThat(message.body()).contains("PayloadS3Pointer").doesNotContain(EVENT));
	}

	@Test
	void failsTheWholeReceiveWhenOnePayloadIsGoneLeavingTheOtherMessagesInFlight() {
		String queue = aws.sqs()
			.createQueue((request) -> request.queueName("claim-check-probe-" + UUID.randomUUID()))
			.queueUrl();
		String pointer = this.payloads.storeOriginalPayload(EVENT);
		aws.s3().deleteObject((request) -> request.bucket(BUCKET).key(PayloadS3Pointer.fromJson(pointer).getS3Key()));
		aws.sqs().sendMessage((request) -> request.queueUrl(queue).messageBody(EVENT));
		aws.sqs()
			.sendMessage((request) -> request.queueUrl(queue)
				.messageBody(pointer)
				.messageAttributes(Map.of(ATTRIBUTE,
						MessageAttributeValue.builder().dataType("Number").stringValue("28").build())));

		assertThatExceptionOfType(CompletionException.class).isThrownBy(() -> receive(queue));
		// both were received, neither reached the caller: the good one waits out its
		// visibility timeout and counts a receive towards the DLQ, as the bad one does
		Map<QueueAttributeName, String> depth = aws.sqs()
			.getQueueAttributes((request) -> request.queueUrl(queue)
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
			.attributes();
		assertThat(depth).containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")
			.containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "2");
	}

	private List<Message> receive(String queueUrl) {
		return this.extended.receiveMessage(
				ReceiveMessageRequest.builder().queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0).build())
			.join()
			.messages();
	}

	private String subscribedQueue(String topic, boolean rawDelivery) {
		String url = aws.sqs()
			.createQueue((request) -> request.queueName("claim-check-probe-" + UUID.randomUUID()))
			.queueUrl();
		String arn = aws.sqs()
			.getQueueAttributes((request) -> request.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
			.attributes()
			.get(QueueAttributeName.QUEUE_ARN);
		aws.sns()
			.subscribe((request) -> request.topicArn(topic)
				.protocol("sqs")
				.endpoint(arn)
				.attributes(Map.of("RawMessageDelivery", Boolean.toString(rawDelivery))));
		return url;
	}

}
