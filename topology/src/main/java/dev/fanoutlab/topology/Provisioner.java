package dev.fanoutlab.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates the {@link Topology} on an AWS endpoint, idempotently: running it again
 * converges every attribute to the definition and creates nothing twice.
 * <p>
 * Used for the local emulator (by {@code make demo} and by the tests); on AWS the
 * CloudFormation templates in {@code infra/} create the same topology. The SDK is used
 * rather than CloudFormation because moto's CloudFormation drops subscriptions and queue
 * policies.
 */
public class Provisioner {

	private final SnsClient sns;

	private final SqsClient sqs;

	private final DynamoDbClient dynamoDb;

	private final QueueSubscriber subscriber;

	public Provisioner(SnsClient sns, SqsClient sqs, DynamoDbClient dynamoDb) {
		this.sns = sns;
		this.sqs = sqs;
		this.dynamoDb = dynamoDb;
		this.subscriber = new QueueSubscriber(sns);
	}

	/**
	 * Create or update everything the topology defines.
	 * @param topology the topology
	 * @return the topic ARN and queue URLs
	 */
	public ProvisionedTopology provision(Topology topology) {
		String topicArn = this.sns.createTopic((request) -> request.name(topology.topicName())).topicArn();
		Map<String, String> urls = new HashMap<>();
		Map<String, String> arns = new HashMap<>();
		for (Topology.Subscription subscription : topology.subscriptions()) {
			String dlq = subscription.deadLetterQueueName();
			urls.put(dlq, createQueue(dlq));
			arns.put(dlq, queueArn(urls.get(dlq)));
			String queue = subscription.queueName();
			urls.put(queue, createQueue(queue));
			arns.put(queue, queueArn(urls.get(queue)));
			this.sqs.setQueueAttributes((request) -> request.queueUrl(urls.get(dlq))
				.attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD,
						seconds(Topology.Subscription.DEAD_LETTER_RETENTION), QueueAttributeName.REDRIVE_ALLOW_POLICY,
						QueuePolicy.redriveAllowPolicy(arns.get(queue)))));
			this.sqs.setQueueAttributes((request) -> request.queueUrl(urls.get(queue))
				.attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, seconds(subscription.visibilityTimeout()),
						QueueAttributeName.MESSAGE_RETENTION_PERIOD, seconds(subscription.messageRetention()),
						QueueAttributeName.REDRIVE_POLICY,
						new RedrivePolicy(arns.get(dlq), subscription.maxReceiveCount()).toJson(),
						QueueAttributeName.POLICY, QueuePolicy.onlyTopicMaySend(arns.get(queue), topicArn))));
			this.subscriber.subscribe(topicArn, arns.get(queue), subscription.rawMessageDelivery(),
					subscription.filterPolicy());
		}
		topology.tables().forEach(this::createTable);
		return new ProvisionedTopology(topicArn, urls, arns);
	}

	/**
	 * Delete every message from every queue of the topology, dead-letter queues included.
	 * <p>
	 * On AWS a purge takes up to 60 seconds and may be called once a minute per queue;
	 * moto purges at once.
	 * @param provisioned the provisioned topology
	 */
	public void purgeQueues(ProvisionedTopology provisioned) {
		provisioned.queueUrls().values().forEach((url) -> this.sqs.purgeQueue((request) -> request.queueUrl(url)));
	}

	private String createQueue(String name) {
		return this.sqs.createQueue((request) -> request.queueName(name)).queueUrl();
	}

	private String queueArn(String queueUrl) {
		return this.sqs
			.getQueueAttributes((request) -> request.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
			.attributes()
			.get(QueueAttributeName.QUEUE_ARN);
	}

	private void createTable(Topology.Table table) {
		try {
			this.dynamoDb.describeTable((request) -> request.tableName(table.name()));
		}
		catch (ResourceNotFoundException ex) {
			List<AttributeDefinition> attributes = new ArrayList<>();
			attributes.add(stringAttribute(table.partitionKey()));
			CreateTableRequest.Builder request = CreateTableRequest.builder()
				.tableName(table.name())
				.billingMode(BillingMode.PAY_PER_REQUEST)
				.keySchema(hashKey(table.partitionKey()));
			if (table.indexedAttribute() != null) {
				attributes.add(stringAttribute(table.indexedAttribute()));
				request.globalSecondaryIndexes(GlobalSecondaryIndex.builder()
					.indexName(table.indexName())
					.keySchema(hashKey(table.indexedAttribute()))
					.projection((projection) -> projection.projectionType(ProjectionType.ALL))
					.build());
			}
			this.dynamoDb.createTable(request.attributeDefinitions(attributes).build());
			this.dynamoDb.waiter().waitUntilTableExists((describe) -> describe.tableName(table.name()));
		}
		if (table.ttlAttribute() != null && !ttlEnabled(table)) {
			this.dynamoDb.updateTimeToLive((request) -> request.tableName(table.name())
				.timeToLiveSpecification((ttl) -> ttl.attributeName(table.ttlAttribute()).enabled(true)));
		}
	}

	private boolean ttlEnabled(Topology.Table table) {
		TimeToLiveStatus status = this.dynamoDb.describeTimeToLive((request) -> request.tableName(table.name()))
			.timeToLiveDescription()
			.timeToLiveStatus();
		return status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING;
	}

	private static AttributeDefinition stringAttribute(String name) {
		return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
	}

	private static KeySchemaElement hashKey(String name) {
		return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
	}

	private static String seconds(Duration duration) {
		return Long.toString(duration.toSeconds());
	}

}
