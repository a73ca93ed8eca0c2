package dev.fanoutlab.deployment;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanoutlab.topology.PushSubscription;
import dev.fanoutlab.topology.Topology;
import org.junit.jupiter.api.Test;

import static dev.fanoutlab.deployment.ComposeFileTests.list;
import static dev.fanoutlab.deployment.ComposeFileTests.map;
import static dev.fanoutlab.deployment.Template.target;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CloudFormation topology and the local provisioner's {@link Topology} agree on every
 * name, redrive count, filter policy, delivery mode, timeout and table.
 */
class TopologyDriftTests {

	private final Topology topology = Topology.fanoutLab();

	private final Template messaging = Template.of("infra/messaging.yaml");

	private final ObjectMapper json = new ObjectMapper();

	@Test
	void namesTheSameTopic() {
		assertThat(this.messaging.resources("AWS::SNS::Topic").values()).extracting((topic) -> topic.get("TopicName"))
			.contains(this.topology.topicName());
	}

	@Test
	void definesTheSameQueuesWithTheSameTimeoutsAndRetention() {
		for (Topology.Subscription subscription : this.topology.subscriptions()) {
			Map<String, Object> queue = queue(subscription.queueName());
			assertThat(queue.get("VisibilityTimeout")).as(subscription.queueName())
				.isEqualTo((int) subscription.visibilityTimeout().toSeconds());
			assertThat(queue.get("MessageRetentionPeriod"))
				.isEqualTo((int) subscription.messageRetention().toSeconds());
			Map<String, Object> deadLetterQueue = queue(subscription.deadLetterQueueName());
			assertThat(deadLetterQueue.get("MessageRetentionPeriod"))
				.isEqualTo((int) Topology.Subscription.DEAD_LETTER_RETENTION.toSeconds());
		}
		// Each subscribed queue and its DLQ, and the order webhook's subscription DLQ.
		assertThat(this.messaging.resources("AWS::SQS::Queue")).hasSize(2 * this.topology.subscriptions().size() + 1);
	}

	@Test
	void pushesToTheOrderWebhookWithTheSameDeliveryPolicyAndSubscriptionDeadLetterQueue() throws Exception {
		PushSubscription webhook = PushSubscription.orderWebhook();
		Map<String, Object> declared = this.messaging.resources("AWS::SNS::Subscription")
			.values()
			.stream()
			.filter((subscription) -> "https".equals(subscription.get("Protocol")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("infra/messaging.yaml has no https subscription"));
		assertThat((Object) this.json.valueToTree(declared.get("DeliveryPolicy")))
			.isEqualTo(this.json.readTree(webhook.deliveryPolicy()));
		String deadLetterQueue = target(map(declared.get("RedrivePolicy")).get("deadLetterTargetArn"));
		assertThat(this.messaging.properties(deadLetterQueue).get("QueueName"))
			.isEqualTo(webhook.deadLetterQueueName());
		assertThat(queue(webhook.deadLetterQueueName()).get("MessageRetentionPeriod"))
			.isEqualTo((int) Topology.Subscription.DEAD_LETTER_RETENTION.toSeconds());
	}

	@Test
	void redrivesAfterTheSameNumberOfReceives() {
		for (Topology.Subscription subscription : this.topology.subscriptions()) {
			Map<String, Object> redrive = map(queue(subscription.queueName()).get("RedrivePolicy"));
			String parameter = target(redrive.get("maxReceiveCount"));
			assertThat(this.messaging.parameter(parameter).get("Default")).as(subscription.queueName())
				.isEqualTo(subscription.maxReceiveCount());
			assertThat(this.messaging.properties(target(redrive.get("deadLetterTargetArn"))).get("QueueName"))
				.isEqualTo(subscription.deadLetterQueueName());
		}
	}

	@Test
	void subscribesWithTheSameDeliveryModeAndFilterPolicy() throws Exception {
		for (Topology.Subscription subscription : this.topology.subscriptions()) {
			Map<String, Object> declared = subscription(subscription.queueName());
			assertThat(declared.get("RawMessageDelivery")).as(subscription.queueName())
				.isEqualTo(subscription.rawMessageDelivery());
			if (subscription.filterPolicy() == null) {
				assertThat(declared).doesNotContainKey("FilterPolicy");
			}
			else {
				assertThat((Object) this.json.valueToTree(declared.get("FilterPolicy")))
					.isEqualTo(this.json.readTree(subscription.filterPolicy()));
				assertThat(declared).containsEntry("FilterPolicyScope", "MessageAttributes");
			}
		}
	}

	@Test
	void definesTheSameTablesKeysIndexesAndTimeToLive() {
		Map<String, Map<String, Object>> tables = new HashMap<>();
		this.messaging.resources("AWS::DynamoDB::Table")
			.values()
			.forEach((table) -> tables.put(String.valueOf(table.get("TableName")), table));
		assertThat(tables).hasSameSizeAs(this.topology.tables());
		for (Topology.Table table : this.topology.tables()) {
			Map<String, Object> declared = tables.get(table.name());
			assertThat(declared).as(table.name()).isNotNull();
			assertThat(map(list(declared.get("KeySchema")).get(0))).containsEntry("AttributeName", table.partitionKey())
				.containsEntry("KeyType", "HASH");
			List<Object> indexes = list(declared.get("GlobalSecondaryIndexes"));
			if (table.indexName() == null) {
				assertThat(indexes).isEmpty();
			}
			else {
				Map<String, Object> index = map(indexes.get(0));
				assertThat(index).containsEntry("IndexName", table.indexName());
				assertThat(map(list(index.get("KeySchema")).get(0))).containsEntry("AttributeName",
						table.indexedAttribute());
			}
			Map<String, Object> ttl = map(declared.get("TimeToLiveSpecification"));
			if (table.ttlAttribute() == null) {
				assertThat(ttl).isNull();
			}
			else {
				assertThat(ttl).containsEntry("AttributeName", table.ttlAttribute()).containsEntry("Enabled", true);
			}
		}
	}

	private Map<String, Object> queue(String name) {
		return this.messaging.resources("AWS::SQS::Queue")
			.values()
			.stream()
			.filter((queue) -> name.equals(queue.get("QueueName")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("infra/messaging.yaml has no queue named " + name));
	}

	private Map<String, Object> subscription(String queueName) {
		return this.messaging.resources("AWS::SNS::Subscription")
			.values()
			.stream()
			.filter((subscription) -> "sqs".equals(subscription.get("Protocol")))
			.filter((subscription) -> queueName
				.equals(this.messaging.properties(target(subscription.get("Endpoint"))).get("QueueName")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No subscription of queue " + queueName));
	}

}
