package dev.fanoutlab.console.queues;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.fanoutlab.console.ConsoleProperties;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The topology as AWS reports it now: the topic's subscriptions with their filter policy
 * and delivery mode, each subscribed queue with its dead-letter queue and redrive count,
 * and the service that reads it. Cached for a few seconds.
 */
@Component
public class LiveTopology {

	private static final Duration CACHE = Duration.ofSeconds(5);

	private final SnsClient sns;

	private final SqsAsyncClient sqs;

	private final ConsoleProperties properties;

	private final JsonMapper json;

	private final Map<String, String> queueUrls = new java.util.concurrent.ConcurrentHashMap<>();

	private volatile View cached;

	private volatile Instant cachedAt = Instant.EPOCH;

	LiveTopology(SnsClient sns, SqsAsyncClient sqs, ConsoleProperties properties, JsonMapper json) {
		this.sns = sns;
		this.sqs = sqs;
		this.properties = properties;
		this.json = json;
	}

	/**
	 * The current topology.
	 * @return the view
	 */
	public View view() {
		if (this.cached == null || Instant.now().isAfter(this.cachedAt.plus(CACHE))) {
			this.cached = read();
			this.cachedAt = Instant.now();
		}
		return this.cached;
	}

	/**
	 * A queue URL by name.
	 * @param queue the queue name
	 * @return its URL
	 */
	public String queueUrl(String queue) {
		// A queue's URL never changes: resolve it once, not on every refresh.
		return this.queueUrls.computeIfAbsent(queue,
				(name) -> this.sqs.getQueueUrl((request) -> request.queueName(name)).join().queueUrl());
	}

	Map<QueueAttributeName, String> attributes(String queue, QueueAttributeName... names) {
		String url = queueUrl(queue);
		return this.sqs.getQueueAttributes((request) -> request.queueUrl(url).attributeNames(names))
			.join()
			.attributes();
	}

	private View read() {
		List<Subscription> subscriptions = new ArrayList<>();
		this.sns.listSubscriptionsByTopicPaginator((request) -> request.topicArn(this.properties.topicArn()))
			.subscriptions()
			.stream()
			.filter((subscription) -> "sqs".equals(subscription.protocol()))
			.forEach((subscription) -> {
				Map<String, String> attributes = this.sns
					.getSubscriptionAttributes((request) -> request.subscriptionArn(subscription.subscriptionArn()))
					.attributes();
				String queue = subscription.endpoint().substring(subscription.endpoint().lastIndexOf(':') + 1);
				Map<QueueAttributeName, String> queueAttributes = attributes(queue, QueueAttributeName.REDRIVE_POLICY);
				String deadLetterQueue = null;
				Integer maxReceiveCount = null;
				String redrive = queueAttributes.get(QueueAttributeName.REDRIVE_POLICY);
				if (redrive != null) {
					JsonNode policy = this.json.readTree(redrive);
					String arn = policy.get("deadLetterTargetArn").asString();
					deadLetterQueue = arn.substring(arn.lastIndexOf(':') + 1);
					maxReceiveCount = policy.get("maxReceiveCount").asInt();
				}
				subscriptions.add(new Subscription(queue, "true".equals(attributes.get("RawMessageDelivery")),
						attributes.get("FilterPolicy"), deadLetterQueue, maxReceiveCount, readerOf(queue)));
			});
		subscriptions.sort(java.util.Comparator.comparing(Subscription::queue));
		String topic = this.properties.topicArn().substring(this.properties.topicArn().lastIndexOf(':') + 1);
		return new View(topic, this.properties.topicArn(), subscriptions);
	}

	private String readerOf(String queue) {
		if (queue.equals(this.properties.queue())) {
			return "console";
		}
		return this.properties.readers()
			.entrySet()
			.stream()
			.filter((reader) -> reader.getValue().queue().equals(queue))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElse(null);
	}

	/**
	 * The topic and its subscriptions.
	 *
	 * @param topic the topic name
	 * @param topicArn the topic ARN
	 * @param subscriptions its SQS subscriptions
	 */
	public record View(String topic, String topicArn, List<Subscription> subscriptions) {

		public List<String> queues() {
			List<String> queues = new ArrayList<>();
			this.subscriptions.forEach((subscription) -> {
				queues.add(subscription.queue());
				if (subscription.deadLetterQueue() != null) {
					queues.add(subscription.deadLetterQueue());
				}
			});
			return queues;
		}

	}

	/**
	 * A queue subscribed to the topic.
	 *
	 * @param queue the queue
	 * @param rawMessageDelivery whether SNS delivers the message as is (else enveloped)
	 * @param filterPolicy the filter policy JSON, or {@code null}
	 * @param deadLetterQueue the queue's DLQ, or {@code null}
	 * @param maxReceiveCount receives before the DLQ, or {@code null}
	 * @param reader the service that reads the queue, or {@code null}
	 */
	public record Subscription(String queue, boolean rawMessageDelivery, String filterPolicy, String deadLetterQueue,
			Integer maxReceiveCount, String reader) {

	}

}
