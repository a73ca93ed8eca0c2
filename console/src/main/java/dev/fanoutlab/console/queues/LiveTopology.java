package dev.fanoutlab.console.queues;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.fanoutlab.console.ConsoleProperties;
import dev.fanoutlab.topology.QueueDirectory;
import dev.fanoutlab.topology.RedrivePolicy;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.stereotype.Component;

/**
 * The topology as AWS reports it now, on both lanes (the standard topic and the FIFO
 * topic): each topic's subscriptions with their filter policy and delivery mode, each
 * subscribed queue with its dead-letter queue and redrive count (from its
 * {@link RedrivePolicy}) and the service that reads it (cached for a few seconds); how
 * many messages each queue holds; and the messages a dead-letter queue holds. Reads only:
 * the changes are {@link QueueOperations}. Queue URLs are looked up once
 * ({@link QueueDirectory}).
 */
@Component
public class LiveTopology {

	private static final Duration CACHE = Duration.ofSeconds(5);

	private final SnsClient sns;

	private final SqsAsyncClient sqs;

	private final QueueDirectory queues;

	private final ConsoleProperties properties;

	private volatile @Nullable View cached;

	private volatile Instant cachedAt = Instant.EPOCH;

	LiveTopology(SnsClient sns, SqsAsyncClient sqs, ConsoleProperties properties) {
		this.sns = sns;
		this.sqs = sqs;
		this.queues = new QueueDirectory(sqs);
		this.properties = properties;
	}

	/**
	 * The current topology.
	 * @return the view
	 */
	public View view() {
		View view = this.cached;
		if (view == null || Instant.now().isAfter(this.cachedAt.plus(CACHE))) {
			view = read();
			this.cached = view;
			this.cachedAt = Instant.now();
		}
		return view;
	}

	/**
	 * How many messages each queue of the topology holds, as SQS reports it (approximate
	 * on AWS).
	 * @return the depth of every subscribed queue and dead-letter queue
	 */
	public List<Depth> depths() {
		View view = view();
		return view.queues().stream().map((queue) -> depth(queue, view.ofDeadLetterQueue(queue).isPresent())).toList();
	}

	/**
	 * Look at up to 10 messages of a dead-letter queue without consuming them: they are
	 * received with a visibility timeout of 0, so they stay visible. Each look counts as
	 * a receive of the DLQ's messages; a DLQ has no redrive policy, so nothing moves.
	 * @param deadLetterQueue the DLQ
	 * @return the messages
	 * @throws IllegalArgumentException if the queue is not a DLQ of the topology
	 */
	public List<Peeked> peek(String deadLetterQueue) {
		sourceOf(deadLetterQueue);
		String url = queueUrl(deadLetterQueue);
		return this.sqs
			.receiveMessage((request) -> request.queueUrl(url)
				.maxNumberOfMessages(10)
				.visibilityTimeout(0)
				.messageAttributeNames("All")
				.messageSystemAttributeNames(MessageSystemAttributeName.ALL))
			.join()
			.messages()
			.stream()
			.map((message) -> new Peeked(message.messageId(), message.body(), attributes(message),
					Integer.parseInt(message.attributes()
						.getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "0"))))
			.toList();
	}

	/**
	 * The source queue of a dead-letter queue.
	 * @param deadLetterQueue the DLQ
	 * @return the queue whose redrive policy names it
	 * @throws IllegalArgumentException if the queue is not a DLQ of the topology
	 */
	String sourceOf(String deadLetterQueue) {
		return view().ofDeadLetterQueue(deadLetterQueue)
			.orElseThrow(() -> new IllegalArgumentException(
					"'" + deadLetterQueue + "' is not a dead-letter queue of the topology"))
			.queue();
	}

	String queueUrl(String queue) {
		return this.queues.url(queue);
	}

	Map<QueueAttributeName, String> attributes(String queue, QueueAttributeName... names) {
		return this.queues.attributes(queue, names);
	}

	private Depth depth(String queue, boolean deadLetterQueue) {
		Map<QueueAttributeName, String> attributes = attributes(queue,
				QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
				QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
				QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);
		return new Depth(queue, deadLetterQueue,
				Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
				Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)),
				Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)));
	}

	private static Map<String, String> attributes(Message message) {
		Map<String, String> attributes = new TreeMap<>();
		message.messageAttributes().forEach((name, value) -> attributes.put(name, value.stringValue()));
		return attributes;
	}

	private View read() {
		List<Subscription> subscriptions = new ArrayList<>();
		read(this.properties.topicArn(), Subscription.STANDARD, subscriptions);
		read(this.properties.fifoTopicArn(), Subscription.FIFO, subscriptions);
		subscriptions.sort(Comparator.comparing(Subscription::lane).reversed().thenComparing(Subscription::queue));
		return new View(QueueDirectory.nameOf(this.properties.topicArn()), this.properties.topicArn(),
				QueueDirectory.nameOf(this.properties.fifoTopicArn()), this.properties.fifoTopicArn(), subscriptions);
	}

	private void read(String topicArn, String lane, List<Subscription> subscriptions) {
		this.sns.listSubscriptionsByTopicPaginator((request) -> request.topicArn(topicArn))
			.subscriptions()
			.stream()
			.filter((subscription) -> "sqs".equals(subscription.protocol()))
			.forEach((subscription) -> {
				Map<String, String> attributes = this.sns
					.getSubscriptionAttributes((request) -> request.subscriptionArn(subscription.subscriptionArn()))
					.attributes();
				String queue = QueueDirectory.nameOf(subscription.endpoint());
				Optional<RedrivePolicy> redrive = RedrivePolicy
					.of(attributes(queue, QueueAttributeName.REDRIVE_POLICY));
				subscriptions.add(new Subscription(queue, lane, "true".equals(attributes.get("RawMessageDelivery")),
						attributes.get("FilterPolicy"), redrive.map(RedrivePolicy::deadLetterQueueName).orElse(null),
						redrive.map(RedrivePolicy::maxReceiveCount).orElse(null), readerOf(queue)));
			});
	}

	private @Nullable String readerOf(String queue) {
		if (queue.equals(this.properties.queue()) || queue.equals(this.properties.fifoQueue())) {
			return Subscription.CONSOLE;
		}
		return this.properties.readers()
			.entrySet()
			.stream()
			.filter((reader) -> reader.getValue().reads(queue))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElse(null);
	}

	/**
	 * The topics of both lanes and their subscriptions.
	 *
	 * @param topic the standard topic's name
	 * @param topicArn the standard topic's ARN
	 * @param fifoTopic the FIFO topic's name
	 * @param fifoTopicArn the FIFO topic's ARN
	 * @param subscriptions the SQS subscriptions of both topics, the standard lane's
	 * first
	 */
	public record View(String topic, String topicArn, String fifoTopic, String fifoTopicArn,
			List<Subscription> subscriptions) {

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

		/**
		 * The subscription whose dead-letter queue this is.
		 * @param deadLetterQueue a queue name
		 * @return the subscription, empty if the queue is no dead-letter queue of the
		 * topology
		 */
		public Optional<Subscription> ofDeadLetterQueue(String deadLetterQueue) {
			return this.subscriptions.stream()
				.filter((subscription) -> deadLetterQueue.equals(subscription.deadLetterQueue()))
				.findFirst();
		}

		/**
		 * The subscription of a queue.
		 * @param queue a queue name
		 * @return the subscription, empty if the queue is not subscribed to the topic
		 */
		public Optional<Subscription> of(String queue) {
			return this.subscriptions.stream().filter((subscription) -> queue.equals(subscription.queue())).findFirst();
		}

	}

	/**
	 * A queue subscribed to one of the topics.
	 *
	 * @param queue the queue
	 * @param lane {@value #STANDARD} (subscribed to the standard topic) or {@value #FIFO}
	 * (to the FIFO topic)
	 * @param rawMessageDelivery whether SNS delivers the message as is (else enveloped)
	 * @param filterPolicy the filter policy JSON, or {@code null}
	 * @param deadLetterQueue the queue's DLQ, or {@code null}
	 * @param maxReceiveCount receives before the DLQ, or {@code null}
	 * @param reader the service that reads the queue ({@value #CONSOLE} for the console's
	 * own), or {@code null}
	 */
	public record Subscription(String queue, String lane, boolean rawMessageDelivery, @Nullable String filterPolicy,
			@Nullable String deadLetterQueue, @Nullable Integer maxReceiveCount, @Nullable String reader) {

		/** The reader of the console's own queues. */
		public static final String CONSOLE = "console";

		/** The lane of the standard topic. */
		public static final String STANDARD = "standard";

		/** The lane of the FIFO topic. */
		public static final String FIFO = "fifo";

		/**
		 * Whether this is a FIFO queue, subscribed to the FIFO topic.
		 * @return {@code true} on the FIFO lane
		 */
		public boolean fifo() {
			return FIFO.equals(this.lane);
		}

	}

	/**
	 * Messages in a queue.
	 *
	 * @param queue the queue
	 * @param deadLetterQueue whether it is a DLQ
	 * @param visible waiting to be received
	 * @param inFlight received, not yet deleted or visible again
	 * @param delayed not yet visible because of a delay
	 */
	public record Depth(String queue, boolean deadLetterQueue, int visible, int inFlight, int delayed) {

	}

	/**
	 * A message seen in a DLQ.
	 *
	 * @param messageId the SQS message id
	 * @param body the body, as it was delivered
	 * @param attributes its String message attributes
	 * @param receiveCount how often it was received, this look included
	 */
	public record Peeked(String messageId, String body, Map<String, String> attributes, int receiveCount) {

	}

}
