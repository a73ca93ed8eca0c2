package dev.fanoutlab.console.queues;

import java.util.List;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * What a teacher changes in dead-letter queues: redrive one, purge one (looking into one
 * is {@link LiveTopology#peek}). Both refuse a queue that is not a dead-letter queue of
 * the topology ({@link IllegalArgumentException}).
 */
@Component
class QueueOperations {

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
	 * Move every message of a dead-letter queue back to its source queue (see
	 * {@link DeadLetterMover}), then publish {@link DeadLetterQueueRedriven} with the
	 * messages the DLQ showed just before.
	 * @param deadLetterQueue the DLQ
	 * @return how the messages were moved
	 */
	Redrive redrive(String deadLetterQueue) {
		String source = this.topology.sourceOf(deadLetterQueue);
		List<String> moving = this.topology.peek(deadLetterQueue).stream().map(LiveTopology.Peeked::body).toList();
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
		this.topology.sourceOf(deadLetterQueue);
		String url = this.topology.queueUrl(deadLetterQueue);
		this.sqs.purgeQueue((request) -> request.queueUrl(url)).join();
	}

	private DeadLetterMover.Queue queue(String name) {
		return new DeadLetterMover.Queue(this.topology.queueUrl(name),
				this.topology.attributes(name, QueueAttributeName.QUEUE_ARN).get(QueueAttributeName.QUEUE_ARN));
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
