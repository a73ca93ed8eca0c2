package dev.fanoutlab.topology;

/**
 * The policy documents of a queue, as the JSON strings {@code SetQueueAttributes} takes:
 * its access policy ({@code Policy}) and the redrive-allow policy of a dead-letter queue.
 * The redrive policy of a source queue is a {@link RedrivePolicy}.
 */
public final class QueuePolicy {

	private QueuePolicy() {
	}

	/**
	 * A queue access policy that lets only the given topic send to the queue. Without it
	 * SNS cannot deliver to the queue on AWS; with a broader one, anyone could.
	 * @param queueArn the queue
	 * @param topicArn the only allowed source
	 * @return the policy JSON
	 */
	public static String onlyTopicMaySend(String queueArn, String topicArn) {
		return """
				{"Version":"2012-10-17","Statement":[{"Sid":"AllowOnlyTheOrdersTopic","Effect":"Allow",\
				"Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"%s",\
				"Condition":{"ArnEquals":{"aws:SourceArn":"%s"}}}]}""".formatted(queueArn, topicArn);
	}

	static String redriveAllowPolicy(String sourceQueueArn) {
		return "{\"redrivePermission\":\"byQueue\",\"sourceQueueArns\":[\"%s\"]}".formatted(sourceQueueArn);
	}

}
