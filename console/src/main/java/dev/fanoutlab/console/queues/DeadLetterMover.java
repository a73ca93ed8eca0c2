package dev.fanoutlab.console.queues;

import java.util.List;
import java.util.concurrent.CompletionException;

import dev.fanoutlab.topology.Topology;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Moves the messages of a dead-letter queue back to a source queue.
 * <p>
 * With SQS {@code StartMessageMoveTask} where the backend implements it (AWS, LocalStack,
 * ElasticMQ 1.6+): SQS moves the messages asynchronously. moto answers it with an error,
 * so then the messages are moved one by one: receive, send to the source queue with the
 * same body and message attributes, delete from the DLQ. A message is deleted only after
 * it was sent, so an interruption loses nothing; it can leave a copy in the DLQ that a
 * later redrive sends again, which the services' idempotency on the event id makes
 * harmless.
 * <p>
 * A FIFO source queue ({@code .fifo}) takes a message only with a message group id and,
 * as content-based deduplication is off, a deduplication id: each message is sent with
 * the group id it had in the DLQ, so a customer's orders keep their group and their
 * order, and with the deduplication id {@code redrive-<DLQ message id>}. Not the original
 * one: the source queue saw it when the message first arrived, and within the 5-minute
 * deduplication window SQS would accept the send and drop the message, which is then
 * deleted from the DLQ and lost. The DLQ message id is the same on every attempt to move
 * the same message, so a send repeated after an interruption is dropped as the duplicate
 * it is.
 */
class DeadLetterMover {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetterMover.class);

	private final SqsAsyncClient sqs;

	DeadLetterMover(SqsAsyncClient sqs) {
		this.sqs = sqs;
	}

	/**
	 * Move every message.
	 * @param from the DLQ
	 * @param to the source queue
	 * @return how the messages were moved
	 */
	Moved move(Queue from, Queue to) {
		try {
			String handle = this.sqs
				.startMessageMoveTask((request) -> request.sourceArn(from.arn()).destinationArn(to.arn()))
				.join()
				.taskHandle();
			return new Moved(RedriveMethod.START_MESSAGE_MOVE_TASK, handle, -1);
		}
		catch (CompletionException ex) {
			if (!(ex.getCause() instanceof SqsException unsupported)) {
				throw ex;
			}
			logger.info("StartMessageMoveTask unavailable ({}); moving the messages one by one",
					unsupported.getMessage());
			return new Moved(RedriveMethod.RECEIVE_SEND_DELETE, null, moveOneByOne(from.url(), to.url()));
		}
	}

	/**
	 * Moves at most the messages the DLQ held when the move started, so a message that
	 * fails again and returns to the DLQ meanwhile is not moved round and round.
	 */
	private int moveOneByOne(String fromUrl, String toUrl) {
		int limit = Integer.parseInt(this.sqs
			.getQueueAttributes((request) -> request.queueUrl(fromUrl)
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
			.join()
			.attributes()
			.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
		int moved = 0;
		while (moved < limit) {
			int wanted = Math.min(10, limit - moved);
			List<Message> batch = this.sqs
				.receiveMessage((request) -> request.queueUrl(fromUrl)
					.maxNumberOfMessages(wanted)
					.visibilityTimeout(30)
					.messageAttributeNames("All")
					.messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID))
				.join()
				.messages();
			if (batch.isEmpty()) {
				return moved;
			}
			for (Message message : batch.subList(0, Math.min(batch.size(), wanted))) {
				this.sqs.sendMessage((request) -> {
					request.queueUrl(toUrl).messageBody(message.body()).messageAttributes(message.messageAttributes());
					if (toUrl.endsWith(Topology.FIFO_SUFFIX)) {
						request.messageGroupId(message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
							.messageDeduplicationId("redrive-" + message.messageId());
					}
				}).join();
				this.sqs.deleteMessage((request) -> request.queueUrl(fromUrl).receiptHandle(message.receiptHandle()))
					.join();
				moved++;
			}
		}
		return moved;
	}

	/**
	 * A queue by URL and ARN.
	 *
	 * @param url the queue URL
	 * @param arn the queue ARN
	 */
	record Queue(String url, String arn) {

	}

	/**
	 * How messages were moved.
	 *
	 * @param method how they were moved
	 * @param taskHandle the move task, for {@code StartMessageMoveTask}, else
	 * {@code null}
	 * @param count messages moved, or -1 when SQS moves them asynchronously
	 */
	record Moved(RedriveMethod method, @Nullable String taskHandle, int count) {

	}

}
