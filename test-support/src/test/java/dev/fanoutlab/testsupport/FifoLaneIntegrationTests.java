package dev.fanoutlab.testsupport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import dev.fanoutlab.topology.ProvisionedTopology;
import dev.fanoutlab.topology.Topology;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The FIFO lane as provisioned on the local AWS backend, and the FIFO behaviours of SNS
 * and SQS the services rely on: per-group order, one message in flight per group, a
 * deduplication id that drops a duplicate, a redrive that holds back only its group.
 * <p>
 * Emulator note, checked by
 * {@link #dropsADuplicateOnlyWhileTheFirstCopyIsStillInTheQueue}: moto's SNS FIFO topic
 * does not deduplicate (every Publish is delivered); its SQS FIFO queue drops a message
 * whose deduplication id is still on a message in the queue, and forgets the id once that
 * message is deleted. On AWS the topic and the queue both keep the id for 5 minutes,
 * deleted or not.
 */
class FifoLaneIntegrationTests {

	static final LocalAws aws = LocalAws.get();

	ProvisionedTopology provisioned;

	@BeforeEach
	void startClean() {
		this.provisioned = aws.reset();
	}

	@Test
	void provisionsAFifoTopicWithoutContentBasedDeduplication() {
		assertThat(this.provisioned.fifoTopicArn()).endsWith(":orders.fifo");
		Map<String, String> attributes = aws.sns()
			.getTopicAttributes((request) -> request.topicArn(this.provisioned.fifoTopicArn()))
			.attributes();
		assertThat(attributes).containsEntry("FifoTopic", "true").containsEntry("ContentBasedDeduplication", "false");
	}

	@Test
	void everyFifoQueueIsAFifoQueueRedrivenToAFifoDeadLetterQueueAndOnlyTheFifoTopicMaySend() {
		for (Topology.Subscription subscription : aws.topology().fifoSubscriptions()) {
			Map<QueueAttributeName, String> attributes = attributes(subscription.queueName());
			assertThat(attributes).containsEntry(QueueAttributeName.FIFO_QUEUE, "true")
				.containsEntry(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false");
			String redrive = attributes.get(QueueAttributeName.REDRIVE_POLICY);
			assertThat((String) JsonPath.read(redrive, "$.deadLetterTargetArn"))
				.isEqualTo(this.provisioned.queueArns().get(subscription.deadLetterQueueName()))
				.endsWith("-dlq.fifo");
			assertThat(JsonPath.read(redrive, "$.maxReceiveCount").toString()).isEqualTo("3");
			assertThat(JsonPath.<List<String>>read(attributes.get(QueueAttributeName.POLICY),
					"$.Statement[*].Condition.ArnEquals['aws:SourceArn']"))
				.containsOnly(this.provisioned.fifoTopicArn());
			assertThat(attributes(subscription.deadLetterQueueName())).containsEntry(QueueAttributeName.FIFO_QUEUE,
					"true");
		}
	}

	@Test
	void subscribesTheFifoQueuesLikeTheirStandardTwins() {
		Map<String, Map<String, String>> byQueue = new HashMap<>();
		for (Subscription subscription : aws.sns()
			.listSubscriptionsByTopic((request) -> request.topicArn(this.provisioned.fifoTopicArn()))
			.subscriptions()) {
			String queue = subscription.endpoint().substring(subscription.endpoint().lastIndexOf(':') + 1);
			byQueue.put(queue,
					aws.sns()
						.getSubscriptionAttributes((request) -> request.subscriptionArn(subscription.subscriptionArn()))
						.attributes());
		}

		assertThat(byQueue).containsOnlyKeys("order-fulfilment.fifo", "order-notifications.fifo");
		assertThat(byQueue.get("order-fulfilment.fifo")).containsEntry("RawMessageDelivery", "true")
			.doesNotContainKey("FilterPolicy");
		assertThat(byQueue.get("order-notifications.fifo")).containsEntry("RawMessageDelivery", "false")
			.containsEntry("FilterPolicy", aws.topology().subscription("order-notifications").filterPolicy());
	}

	@Test
	void deliversOneGroupInOrderAndHoldsItBackWhileOneOfItsMessagesIsInFlightButNotOtherGroups() {
		for (int i = 0; i < 3; i++) {
			publish("ada-" + i, "ada", "ada-" + i);
			publish("bob-" + i, "bob", "bob-" + i);
		}
		String queue = this.provisioned.queueUrl("order-fulfilment.fifo");

		Message first = aws.sqs()
			.receiveMessage((request) -> request.queueUrl(queue).maxNumberOfMessages(1).visibilityTimeout(30))
			.messages()
			.get(0);
		String heldGroup = first.body().substring(0, 3);
		List<String> whileInFlight = bodies(queue, 30);

		assertThat(first.body()).endsWith("-0");
		assertThat(whileInFlight).noneMatch((body) -> body.startsWith(heldGroup))
			.containsExactly(otherGroup(heldGroup) + "-0", otherGroup(heldGroup) + "-1", otherGroup(heldGroup) + "-2");
	}

	@Test
	void keepsAPoisonMessagesGroupBehindItUntilItReachesTheDeadLetterQueueWhileOtherGroupsFlow() {
		publish("ada-poison", "ada", "ada-0");
		publish("ada-1", "ada", "ada-1");
		publish("bob-0", "bob", "bob-0");
		String queue = this.provisioned.queueUrl("order-fulfilment.fifo");

		// a consumer is failing ada-poison: while it is in flight, only other groups flow
		Message poison = receiveOne(queue, 30);
		assertThat(poison.body()).isEqualTo("ada-poison");
		List<String> whileFailing = bodies(queue, 30);
		assertThat(whileFailing).containsExactly("bob-0");
		// it fails: visible again at once, and still the head of its group
		aws.sqs()
			.changeMessageVisibility(
					(request) -> request.queueUrl(queue).receiptHandle(poison.receiptHandle()).visibilityTimeout(0));
		int maxReceiveCount = aws.topology().subscription("order-fulfilment.fifo").maxReceiveCount();
		for (int receive = 2; receive <= maxReceiveCount; receive++) {
			assertThat(receiveOne(queue, 0).body()).isEqualTo("ada-poison");
		}

		// after maxReceiveCount receives the redrive moves it; its group flows again
		assertThat(receiveOne(queue, 30).body()).isEqualTo("ada-1");
		assertThat(aws.sqs()
			.receiveMessage((request) -> request.queueUrl(this.provisioned.queueUrl("order-fulfilment-dlq.fifo")))
			.messages()).extracting(Message::body).containsExactly("ada-poison");
	}

	private Message receiveOne(String queueUrl, int visibilityTimeout) {
		List<Message> messages = aws.sqs()
			.receiveMessage(
					(request) -> request.queueUrl(queueUrl).maxNumberOfMessages(1).visibilityTimeout(visibilityTimeout))
			.messages();
		assertThat(messages).hasSize(1);
		return messages.get(0);
	}

	@Test
	void dropsADuplicateOnlyWhileTheFirstCopyIsStillInTheQueue() {
		String queue = this.provisioned.queueUrl("order-fulfilment.fifo");
		publish("first", "ada", "event-1");
		publish("retry", "ada", "event-1");

		List<Message> received = aws.sqs()
			.receiveMessage((request) -> request.queueUrl(queue)
				.maxNumberOfMessages(10)
				.messageSystemAttributeNames(MessageSystemAttributeName.ALL))
			.messages();
		assertThat(received).extracting(Message::body).containsExactly("first");
		assertThat(received.get(0).attributes())
			.containsEntry(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID, "event-1")
			.containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, "ada");

		aws.sqs().deleteMessage((request) -> request.queueUrl(queue).receiptHandle(received.get(0).receiptHandle()));
		publish("late retry", "ada", "event-1");

		// moto forgets the id once the message is deleted; AWS would drop "late retry"
		assertThat(bodies(queue, 0)).containsExactly("late retry");
	}

	private static String otherGroup(String group) {
		return group.equals("ada") ? "bob" : "ada";
	}

	private List<String> bodies(String queueUrl, int visibilityTimeout) {
		return aws.sqs()
			.receiveMessage((
					request) -> request.queueUrl(queueUrl).maxNumberOfMessages(10).visibilityTimeout(visibilityTimeout))
			.messages()
			.stream()
			.map(Message::body)
			.toList();
	}

	private void publish(String body, String group, String deduplicationId) {
		aws.sns()
			.publish((request) -> request.topicArn(this.provisioned.fifoTopicArn())
				.message(body)
				.messageGroupId(group)
				.messageDeduplicationId(deduplicationId)
				.messageAttributes(Map.of("eventType", string("OrderPlaced"), "notifyCustomer", string("false"))));
	}

	private Map<QueueAttributeName, String> attributes(String queue) {
		return aws.sqs()
			.getQueueAttributes((request) -> request.queueUrl(this.provisioned.queueUrl(queue))
				.attributeNames(QueueAttributeName.ALL))
			.attributes();
	}

	private static MessageAttributeValue string(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

}
