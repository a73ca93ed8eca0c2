package dev.fanoutlab.topology;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Finds queues by name: their URL ({@code GetQueueUrl}) and attributes
 * ({@code GetQueueAttributes}). A queue's URL never changes while the queue exists, so
 * each name is resolved once and kept; attributes are read anew on every call. Thread
 * safe. Blocks on the async client: callers are scheduled refreshes and startup checks,
 * not listener threads.
 */
public final class QueueDirectory {

	private final SqsAsyncClient sqs;

	private final Map<String, String> urls = new ConcurrentHashMap<>();

	public QueueDirectory(SqsAsyncClient sqs) {
		this.sqs = sqs;
	}

	/**
	 * A queue's URL.
	 * @param queue the queue's name, or its URL (returned as it is)
	 * @return the URL
	 */
	public String url(String queue) {
		if (queue.contains("://")) {
			return queue;
		}
		return this.urls.computeIfAbsent(queue,
				(name) -> this.sqs.getQueueUrl((request) -> request.queueName(name)).join().queueUrl());
	}

	/**
	 * Some of a queue's attributes.
	 * @param queue the queue's name or URL
	 * @param names the attributes wanted
	 * @return the attributes SQS reported; an attribute the queue lacks (such as the
	 * redrive policy of a dead-letter queue) is absent
	 */
	public Map<QueueAttributeName, String> attributes(String queue, QueueAttributeName... names) {
		String url = url(queue);
		return this.sqs.getQueueAttributes((request) -> request.queueUrl(url).attributeNames(names))
			.join()
			.attributes();
	}

	/**
	 * The name of an SNS topic or SQS queue, the last part of its ARN
	 * ({@code arn:aws:sqs:region:account:name}).
	 * @param arn the ARN
	 * @return the name
	 */
	public static String nameOf(String arn) {
		return arn.substring(arn.lastIndexOf(':') + 1);
	}

}
