package dev.fanoutlab.testsupport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import dev.fanoutlab.topology.ProvisionedTopology;
import dev.fanoutlab.topology.Provisioner;
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
 * The provisioned topology on the local AWS backend, checked through the AWS APIs, and
 * the SQS and SNS behaviours the services rely on.
 */
class ProvisionerIntegrationTests {

	static final LocalAws aws = LocalAws.get();

	ProvisionedTopology provisioned;

	@BeforeEach
	void startClean() {
		this.provisioned = aws.reset();
	}

	@Test
	void provisioningTwiceCreatesNothingTwice() {
		ProvisionedTopology again = new Provisioner(aws.sns(), aws.sqs(), aws.dynamoDb()).provision(aws.topology());

		assertThat(again).isEqualTo(this.provisioned);
		assertThat(subscriptions()).hasSize(2);
		assertThat(aws.dynamoDb().listTables().tableNames())
			.containsAll(aws.topology().tables().stream().map(Topology.Table::name).toList());
	}

	@Test
	void everyQueueHasARedrivePolicyToItsDeadLetterQueueAndAPolicyThatOnlyLetsTheTopicSend() {
		for (Topology.Subscription subscription : aws.topology().subscriptions()) {
			Map<QueueAttributeName, String> attributes = attributes(subscription.queueName());
			String redrive = attributes.get(QueueAttributeName.REDRIVE_POLICY);
			assertThat((String) JsonPath.read(redrive, "$.deadLetterTargetArn"))
				.isEqualTo(this.provisioned.queueArns().get(subscription.deadLetterQueueName()));
			assertThat(JsonPath.read(redrive, "$.maxReceiveCount").toString()).isEqualTo("3");
			String policy = attributes.get(QueueAttributeName.POLICY);
			assertThat(JsonPath.<List<String>>read(policy, "$.Statement[*].Principal.Service"))
				.containsOnly("sns.amazonaws.com");
			assertThat(JsonPath.<List<String>>read(policy, "$.Statement[*].Action")).containsOnly("sqs:SendMessage");
			assertThat(JsonPath.<List<String>>read(policy, "$.Statement[*].Condition.ArnEquals['aws:SourceArn']"))
				.containsOnly(this.provisioned.topicArn());
			assertThat(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT))
				.isEqualTo(Long.toString(subscription.visibilityTimeout().toSeconds()));
			assertThat(attributes(subscription.deadLetterQueueName()).get(QueueAttributeName.MESSAGE_RETENTION_PERIOD))
				.isEqualTo(Long.toString(Topology.Subscription.DEAD_LETTER_RETENTION.toSeconds()));
		}
	}

	@Test
	void subscribesFulfilmentRawAndNotificationsEnvelopedWithAFilterPolicy() {
		Map<String, Map<String, String>> byQueue = new HashMap<>();
		for (Subscription subscription : subscriptions()) {
			String queue = subscription.endpoint().substring(subscription.endpoint().lastIndexOf(':') + 1);
			byQueue.put(queue,
					aws.sns()
						.getSubscriptionAttributes((request) -> request.subscriptionArn(subscription.subscriptionArn()))
						.attributes());
		}

		assertThat(byQueue.get("order-fulfilment")).containsEntry("RawMessageDelivery", "true")
			.doesNotContainKey("FilterPolicy");
		assertThat(byQueue.get("order-notifications")).containsEntry("RawMessageDelivery", "false")
			.containsEntry("FilterPolicy", aws.topology().subscription("order-notifications").filterPolicy());
	}

	@Test
	void fansAnEventOutToEverySubscriberWhoseFilterPolicyMatches() {
		publish("{\"n\":1}", "true");
		publish("{\"n\":2}", "false");

		assertThat(receive("order-fulfilment")).extracting(Message::body)
			.containsExactlyInAnyOrder("{\"n\":1}", "{\"n\":2}");
		assertThat(receive("order-notifications")).singleElement()
			.satisfies((message) -> assertThat(message.body()).contains("\"Type\"").contains("{\\\"n\\\":1}"));
	}

	@Test
	void movesAMessageToTheDeadLetterQueueAfterExactlyMaxReceiveCountReceives() {
		String queue = this.provisioned.queueUrl("order-fulfilment");
		aws.sqs().sendMessage((request) -> request.queueUrl(queue).messageBody("poison"));

		int receives = 0;
		while (!receiveOnce(queue).isEmpty()) {
			receives++;
		}

		assertThat(receives).isEqualTo(aws.topology().subscription("order-fulfilment").maxReceiveCount());
		assertThat(receive("order-fulfilment-dlq")).extracting(Message::body).containsExactly("poison");
	}

	private List<Subscription> subscriptions() {
		return aws.sns()
			.listSubscriptionsByTopic((request) -> request.topicArn(this.provisioned.topicArn()))
			.subscriptions();
	}

	private Map<QueueAttributeName, String> attributes(String queue) {
		return aws.sqs()
			.getQueueAttributes((request) -> request.queueUrl(this.provisioned.queueUrl(queue))
				.attributeNames(QueueAttributeName.ALL))
			.attributes();
	}

	private void publish(String body, String notifyCustomer) {
		aws.sns()
			.publish((request) -> request.topicArn(this.provisioned.topicArn())
				.message(body)
				.messageAttributes(
						Map.of("eventType", string("OrderPlaced"), "notifyCustomer", string(notifyCustomer))));
	}

	private List<Message> receive(String queue) {
		return aws.sqs()
			.receiveMessage((request) -> request.queueUrl(this.provisioned.queueUrl(queue)).maxNumberOfMessages(10))
			.messages();
	}

	/**
	 * One receive that makes the message visible again at once, as a failing consumer
	 * would.
	 */
	private List<Message> receiveOnce(String queueUrl) {
		return aws.sqs()
			.receiveMessage((request) -> request.queueUrl(queueUrl)
				.visibilityTimeout(0)
				.messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
			.messages();
	}

	private static MessageAttributeValue string(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

}
