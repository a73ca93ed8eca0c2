package dev.fanoutlab.console.queues;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.fanoutlab.testsupport.LocalAws;
import dev.fanoutlab.testsupport.Ports;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Both redrive paths: {@code StartMessageMoveTask} on an SQS that has it (ElasticMQ,
 * embedded in the test JVM), and the receive-send-delete mover on one that does not
 * (moto).
 */
class DeadLetterMoverIntegrationTests {

	static SQSRestServer elasticMq;

	static int elasticMqPort;

	@BeforeAll
	static void startElasticMq() {
		elasticMqPort = Ports.free();
		elasticMq = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(elasticMqPort).start();
		elasticMq.waitUntilStarted();
	}

	@AfterAll
	static void stopElasticMq() {
		elasticMq.stopAndWait();
	}

	@Test
	void movesWithStartMessageMoveTaskWhereTheBackendImplementsIt() {
		try (SqsAsyncClient sqs = client(URI.create("http://127.0.0.1:" + elasticMqPort))) {
			DeadLetterMover.Queue dlq = queue(sqs, "redrive-dlq", Map.of());
			DeadLetterMover.Queue source = queue(sqs, "redrive-source", Map.of(QueueAttributeName.REDRIVE_POLICY,
					"{\"deadLetterTargetArn\":\"" + dlq.arn() + "\",\"maxReceiveCount\":\"3\"}"));
			send(sqs, dlq, "back again");

			DeadLetterMover.Moved moved = new DeadLetterMover(sqs).move(dlq, source);

			assertThat(moved.method()).isEqualTo(RedriveMethod.START_MESSAGE_MOVE_TASK);
			assertThat(moved.taskHandle()).isNotBlank();
			assertThatMessageArrives(sqs, source);
		}
	}

	@Test
	void movesMessageByMessageWhereTheBackendDoesNot() {
		LocalAws aws = LocalAws.get();
		aws.reset();
		try (SqsAsyncClient sqs = client(aws.endpoint())) {
			DeadLetterMover.Queue dlq = queue(sqs, "order-fulfilment-dlq", Map.of());
			DeadLetterMover.Queue source = queue(sqs, "order-fulfilment", Map.of());
			send(sqs, dlq, "back again");

			DeadLetterMover.Moved moved = new DeadLetterMover(sqs).move(dlq, source);

			assertThat(moved.method()).isEqualTo(RedriveMethod.RECEIVE_SEND_DELETE);
			assertThat(moved.count()).isEqualTo(1);
			assertThatMessageArrives(sqs, source);
			assertThat(aws.messages("order-fulfilment-dlq")).isZero();
		}
	}

	private static void assertThatMessageArrives(SqsAsyncClient sqs, DeadLetterMover.Queue source) {
		List<Message> arrived = await()
			.until(() -> sqs.receiveMessage((request) -> request.queueUrl(source.url()).messageAttributeNames("All"))
				.join()
				.messages(), (messages) -> !messages.isEmpty());
		assertThat(arrived).singleElement().satisfies((message) -> {
			assertThat(message.body()).isEqualTo("back again");
			assertThat(message.messageAttributes().get("correlationId").stringValue()).isEqualTo("lesson-9");
		});
	}

	private static DeadLetterMover.Queue queue(SqsAsyncClient sqs, String name,
			Map<QueueAttributeName, String> attributes) {
		String url = sqs.createQueue((request) -> request.queueName(name).attributes(attributes)).join().queueUrl();
		String arn = sqs
			.getQueueAttributes((request) -> request.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
			.join()
			.attributes()
			.get(QueueAttributeName.QUEUE_ARN);
		return new DeadLetterMover.Queue(url, arn);
	}

	private static void send(SqsAsyncClient sqs, DeadLetterMover.Queue queue, String body) {
		sqs.sendMessage(
				(request) -> request.queueUrl(queue.url())
					.messageBody(body)
					.messageAttributes(Map.of("correlationId",
							MessageAttributeValue.builder().dataType("String").stringValue("lesson-9").build())))
			.join();
	}

	private static SqsAsyncClient client(URI endpoint) {
		return SqsAsyncClient.builder()
			.endpointOverride(endpoint)
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
			.build();
	}

}
