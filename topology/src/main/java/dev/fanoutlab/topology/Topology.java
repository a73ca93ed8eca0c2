package dev.fanoutlab.topology;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The messaging topology of Fanout Lab: one SNS topic fanned out to SQS queues, each with
 * its dead-letter queue, plus the DynamoDB tables the services keep their state in.
 * <p>
 * This is the single definition of names and settings: the local provisioner creates
 * exactly this, and the CloudFormation templates in {@code infra/} are checked against
 * it.
 *
 * @param topicName the SNS standard topic every event is published to
 * @param subscriptions the queues subscribed to the topic
 * @param tables the DynamoDB tables
 */
public record Topology(String topicName, List<Subscription> subscriptions, List<Table> tables) {

	/**
	 * Receives before SQS moves a message to its dead-letter queue, unless configured.
	 */
	public static final int DEFAULT_MAX_RECEIVE_COUNT = 3;

	public Topology {
		subscriptions = List.copyOf(subscriptions);
		tables = List.copyOf(tables);
	}

	/**
	 * The Fanout Lab topology with the default redrive count.
	 * @return the topology
	 */
	public static Topology fanoutLab() {
		return fanoutLab(DEFAULT_MAX_RECEIVE_COUNT);
	}

	/**
	 * The Fanout Lab topology.
	 * @param maxReceiveCount receives of a message before SQS moves it to the queue's DLQ
	 * @return the topology
	 */
	public static Topology fanoutLab(int maxReceiveCount) {
		Duration fourDays = Duration.ofDays(4);
		return new Topology("orders", List.of(
				// Raw delivery: the queue holds the OrderPlaced JSON as published, and
				// the SNS
				// message attributes arrive as SQS message attributes.
				new Subscription("order-fulfilment", true, null, maxReceiveCount, Duration.ofSeconds(30), fourDays),
				// Enveloped delivery: the SNS notification JSON (MessageId, TopicArn,
				// Timestamp,
				// MessageAttributes) wraps the event; the filter policy keeps out orders
				// whose
				// customer asked not to be notified.
				new Subscription("order-notifications", false,
						"{\"eventType\":[\"OrderPlaced\"],\"notifyCustomer\":[\"true\"]}", maxReceiveCount,
						Duration.ofSeconds(60), fourDays)),
				List.of(new Table("fanout-lab-idempotency-keys", "idempotencyKey", null, "expiresAt"),
						new Table("fanout-lab-fulfilments", "eventId", "orderId", null),
						new Table("fanout-lab-notifications", "eventId", "orderId", null)));
	}

	/**
	 * Find a subscription by its queue name.
	 * @param queueName the queue name
	 * @return the subscription
	 * @throws IllegalArgumentException if no queue has that name
	 */
	public Subscription subscription(String queueName) {
		return this.subscriptions.stream()
			.filter((subscription) -> subscription.queueName().equals(queueName))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No queue named '" + queueName + "'"));
	}

	/**
	 * An SQS queue subscribed to the topic, with its dead-letter queue.
	 *
	 * @param queueName the queue name; its DLQ is named {@code <queueName>-dlq}
	 * @param rawMessageDelivery {@code true} to deliver the published message as is,
	 * {@code false} to wrap it in the SNS notification envelope
	 * @param filterPolicy SNS filter policy on message attributes, as JSON, or
	 * {@code null} to receive every message
	 * @param maxReceiveCount receives before SQS moves a message to the DLQ
	 * @param visibilityTimeout how long a received message stays hidden from other
	 * consumers; longer than the slowest processing of one message
	 * @param messageRetention how long an unprocessed message is kept
	 */
	public record Subscription(String queueName, boolean rawMessageDelivery, @Nullable String filterPolicy,
			int maxReceiveCount, Duration visibilityTimeout, Duration messageRetention) {

		/**
		 * Retention of the dead-letter queue: the SQS maximum. A standard queue keeps a
		 * message's original enqueue time when it moves to the DLQ, so the DLQ must keep
		 * messages longer than the source queue does, or they expire there unseen.
		 */
		public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(14);

		public Subscription {
			if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
				throw new IllegalArgumentException("maxReceiveCount must be 1..1000, was " + maxReceiveCount);
			}
		}

		public String deadLetterQueueName() {
			return this.queueName + "-dlq";
		}

	}

	/**
	 * A DynamoDB table with a string partition key, billed per request.
	 *
	 * @param name the table name
	 * @param partitionKey the partition key attribute (type S)
	 * @param indexedAttribute attribute with a global secondary index named
	 * {@code <attribute>-index}, or {@code null}
	 * @param ttlAttribute the epoch-seconds attribute DynamoDB expires items by, or
	 * {@code null}
	 */
	public record Table(String name, String partitionKey, @Nullable String indexedAttribute,
			@Nullable String ttlAttribute) {

		public @Nullable String indexName() {
			return (this.indexedAttribute != null) ? this.indexedAttribute + "-index" : null;
		}

	}

}
