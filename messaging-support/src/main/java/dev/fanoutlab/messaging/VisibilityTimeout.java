package dev.fanoutlab.messaging;

import java.time.Duration;

import dev.fanoutlab.topology.QueueDirectory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A queue's current visibility timeout, as SQS reports it: the bound that processing
 * delays, claims and backoff must stay below.
 */
public final class VisibilityTimeout {

	private VisibilityTimeout() {
	}

	/**
	 * Read a queue's visibility timeout ({@code GetQueueAttributes}).
	 * @param sqs the client
	 * @param queue the queue's name or URL
	 * @return the visibility timeout
	 */
	public static Duration of(SqsAsyncClient sqs, String queue) {
		String seconds = new QueueDirectory(sqs).attributes(queue, QueueAttributeName.VISIBILITY_TIMEOUT)
			.get(QueueAttributeName.VISIBILITY_TIMEOUT);
		return Duration.ofSeconds(Long.parseLong(seconds));
	}

}
