package dev.fanoutlab.topology;

/**
 * IAM and SQS policy documents, as the JSON strings the AWS APIs take.
 */
public final class Policies {

	private Policies() {
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
