package dev.fanoutlab.console.queues;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * What a teacher does to dead-letter queues: peek into one, redrive it, purge it. Every
 * operation refuses a queue that is not a dead-letter queue of the topology
 * ({@link IllegalArgumentException}).
 */
@Component
public class QueueOperations {

	private final SqsAsyncClient sqs;

	private final LiveTopology topology;

	private final DeadLetterMover mover;

	private final ApplicationEventPublisher events;

	QueueOperations(SqsAsyncClient sqs, LiveTopology topology, ApplicationEventPublisher events) {
		this.sqs = sqs;
		this.topology = topology;
		this.mover = new DeadLetterMover(sqs);
		this.events = events;
	}

	/**
	 * Look at up to 10 messages of a dead-letter queue without consuming them: they are
	 * received with a visibility timeout of 0, so they stay visible. Each look counts as
	 * a receive of the DLQ's messages; a DLQ has no redrive policy, so nothing moves.
	 * @param deadLetterQueue the DLQ
	 * @return the messages
	 */
	public List<Peeked> peek(String deadLetterQueue) {
		sourceOf(deadLetterQueue);
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
	 * {@link DeadLetterMover}), then publish {@link DeadLetterQueueRedriven} with the
	 * messages the DLQ showed just before.
	 * @param deadLetterQueue the DLQ
	 * @return how the messages were moved
	 */
	Redrive redrive(String deadLetterQueue) {
		String source = sourceOf(deadLetterQueue);
		List<String> moving = peek(deadLetterQueue).stream().map(Peeked::body).toList();
		DeadLetterMover.Moved moved = this.mover.move(queue(deadLetterQueue), queue(source));
		this.events.publishEvent(new DeadLetterQueueRedriven(deadLetterQueue, source, moving));
		return new Redrive(deadLetterQueue, source, moved.method(), moved.taskHandle(), moved.count());
	}

	/**
	 * Delete every message of a dead-letter queue. Only DLQs: purging a source queue such
	 * as {@code order-fulfilment} would drop live orders. SQS purges within up to 60 s
	 * and refuses a second purge of the same queue within 60 s
	 * ({@code PurgeQueueInProgress}).
	 * @param deadLetterQueue the DLQ
	 */
	void purge(String deadLetterQueue) {
		sourceOf(deadLetterQueue);
		String url = this.topology.queueUrl(deadLetterQueue);
		this.sqs.purgeQueue((request) -> request.queueUrl(url)).join();
	}

	private DeadLetterMover.Queue queue(String name) {
		return new DeadLetterMover.Queue(this.topology.queueUrl(name),
				this.topology.attributes(name, QueueAttributeName.QUEUE_ARN).get(QueueAttributeName.QUEUE_ARN));
	}

	private String sourceOf(String deadLetterQueue) {
		return this.topology.view()
			.ofDeadLetterQueue(deadLetterQueue)
			.orElseThrow(() -> new IllegalArgumentException(
					"'" + deadLetterQueue + "' is not a dead-letter queue of the topology"))
			.queue();
	}

	private static Map<String, String> attributes(Message message) {
		Map<String, String> attributes = new TreeMap<>();
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
	 * @param method how the messages were moved
	 * @param taskHandle the move task, for {@code StartMessageMoveTask}
	 * @param moved messages moved, for {@code receive-send-delete}; -1 when SQS moves
	 * them asynchronously
	 */
	record Redrive(String from, String to, RedriveMethod method, @Nullable String taskHandle, int moved) {

	}

}
