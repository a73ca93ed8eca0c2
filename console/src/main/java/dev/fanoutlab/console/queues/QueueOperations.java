package dev.fanoutlab.console.queues;

import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.stereotype.Component;

/**
 * What a teacher does to dead-letter queues: peek into one, redrive it, purge it.
 */
@Component
public class QueueOperations {

	private final SqsAsyncClient sqs;

	private final LiveTopology topology;

	private final DeadLetterMover mover;

	QueueOperations(SqsAsyncClient sqs, LiveTopology topology) {
		this.sqs = sqs;
		this.topology = topology;
		this.mover = new DeadLetterMover(sqs);
	}

	/**
	 * Look at up to 10 messages of a dead-letter queue without consuming them: they are
	 * received with a visibility timeout of 0, so they stay visible. Each look counts as
	 * a receive of the DLQ's messages; a DLQ has no redrive policy, so nothing moves.
	 * @param deadLetterQueue the DLQ
	 * @return the messages
	 */
	public List<Peeked> peek(String deadLetterQueue) {
		requireDeadLetterQueue(deadLetterQueue);
		String url = this.topology.queueUrl(deadLetterQueue);
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
	 * Move every message of a dead-letter queue back to its source queue (see
	 * {@link DeadLetterMover}).
	 * @param deadLetterQueue the DLQ
	 * @return how the messages were moved
	 */
	public Redrive redrive(String deadLetterQueue) {
		String source = sourceOf(deadLetterQueue);
		DeadLetterMover.Moved moved = this.mover.move(queue(deadLetterQueue), queue(source));
		return new Redrive(deadLetterQueue, source, moved.method(), moved.taskHandle(), moved.count());
	}

	/**
	 * Delete every message of a dead-letter queue. Only DLQs: purging a source queue such
	 * as {@code order-fulfilment} would drop live orders. SQS purges within up to 60 s
	 * and refuses a second purge of the same queue within 60 s
	 * ({@code PurgeQueueInProgress}).
	 * @param deadLetterQueue the DLQ
	 * @throws IllegalArgumentException if the queue is not a DLQ of the topology
	 */
	public void purge(String deadLetterQueue) {
		requireDeadLetterQueue(deadLetterQueue);
		String url = this.topology.queueUrl(deadLetterQueue);
		this.sqs.purgeQueue((request) -> request.queueUrl(url)).join();
	}

	private DeadLetterMover.Queue queue(String name) {
		return new DeadLetterMover.Queue(this.topology.queueUrl(name), arn(name));
	}

	private String sourceOf(String deadLetterQueue) {
		requireDeadLetterQueue(deadLetterQueue);
		return this.topology.view()
			.subscriptions()
			.stream()
			.filter((subscription) -> deadLetterQueue.equals(subscription.deadLetterQueue()))
			.map(LiveTopology.Subscription::queue)
			.findFirst()
			.orElseThrow();
	}

	private void requireDeadLetterQueue(String queue) {
		boolean isDeadLetterQueue = this.topology.view()
			.subscriptions()
			.stream()
			.anyMatch((subscription) -> queue.equals(subscription.deadLetterQueue()));
		if (!isDeadLetterQueue) {
			throw new IllegalArgumentException("'" + queue + "' is not a dead-letter queue of the topology");
		}
	}

	private String arn(String queue) {
		return this.topology.attributes(queue, QueueAttributeName.QUEUE_ARN).get(QueueAttributeName.QUEUE_ARN);
	}

	private static Map<String, String> attributes(Message message) {
		Map<String, String> attributes = new java.util.TreeMap<>();
		message.messageAttributes().forEach((name, value) -> attributes.put(name, value.stringValue()));
		return attributes;
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

	/**
	 * The result of a redrive.
	 *
	 * @param from the DLQ
	 * @param to its source queue
	 * @param method {@code StartMessageMoveTask} or {@code receive-send-delete}
	 * @param taskHandle the move task, for {@code StartMessageMoveTask}
	 * @param moved messages moved, for {@code receive-send-delete}; -1 when SQS moves
	 * them asynchronously
	 */
	public record Redrive(String from, String to, String method, String taskHandle, int moved) {

	}

}
