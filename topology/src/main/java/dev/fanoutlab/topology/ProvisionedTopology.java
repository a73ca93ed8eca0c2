package dev.fanoutlab.topology;

import java.util.Map;

/**
 * What the provisioner created: the addresses services are configured with.
 *
 * @param topicArn the ARN of the topic
 * @param queueUrls queue URL by queue name, dead-letter queues included
 * @param queueArns queue ARN by queue name, dead-letter queues included
 * @param fifoTopicArn the ARN of the FIFO topic ({@link Topology#fifoTopicName()})
 */
public record ProvisionedTopology(String topicArn, Map<String, String> queueUrls, Map<String, String> queueArns,
		String fifoTopicArn) {

	public ProvisionedTopology {
		queueUrls = Map.copyOf(queueUrls);
		queueArns = Map.copyOf(queueArns);
	}

	public String queueUrl(String queueName) {
		String url = this.queueUrls.get(queueName);
		if (url == null) {
			throw new IllegalArgumentException("No queue named '" + queueName + "' was provisioned");
		}
		return url;
	}

}
