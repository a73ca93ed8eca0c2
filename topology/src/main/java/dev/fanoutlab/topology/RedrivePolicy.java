package dev.fanoutlab.topology;

import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A source queue's redrive policy: after {@code maxReceiveCount} receives, SQS moves a
 * message to the dead-letter queue {@code deadLetterTargetArn}. SQS keeps it as JSON in
 * the queue's {@code RedrivePolicy} attribute; this is the one reader and writer of that
 * JSON.
 *
 * @param deadLetterTargetArn the ARN of the dead-letter queue
 * @param maxReceiveCount receives before SQS moves a message there
 */
public record RedrivePolicy(String deadLetterTargetArn, int maxReceiveCount) {

	private static final JsonMapper json = JsonMapper.builder().build();

	/**
	 * Read the policy SQS reports.
	 * @param policy the {@code RedrivePolicy} attribute; {@code maxReceiveCount} as a
	 * number or as a string of digits (both are seen from SQS backends)
	 * @return the policy
	 * @throws IllegalArgumentException if it is not JSON or lacks a field
	 */
	public static RedrivePolicy parse(String policy) {
		try {
			JsonNode root = json.readTree(policy);
			JsonNode arn = root.path("deadLetterTargetArn");
			JsonNode count = root.path("maxReceiveCount");
			if (!arn.isString() || !(count.isIntegralNumber() || count.asString("").matches("[0-9]{1,4}"))) {
				throw new IllegalArgumentException("Not a redrive policy: " + policy);
			}
			return new RedrivePolicy(arn.asString(), count.asInt());
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Not a redrive policy: " + policy, ex);
		}
	}

	/**
	 * The redrive policy among a queue's attributes, if it has one.
	 * @param attributes attributes from {@code GetQueueAttributes}, with
	 * {@link QueueAttributeName#REDRIVE_POLICY} requested
	 * @return the policy, empty for a queue without one (such as a dead-letter queue)
	 */
	public static Optional<RedrivePolicy> of(Map<QueueAttributeName, String> attributes) {
		String policy = attributes.get(QueueAttributeName.REDRIVE_POLICY);
		return (policy == null || policy.isBlank()) ? Optional.empty() : Optional.of(parse(policy));
	}

	/**
	 * The name of the dead-letter queue, the last part of its ARN.
	 * @return the queue name
	 */
	public String deadLetterQueueName() {
		return QueueDirectory.nameOf(this.deadLetterTargetArn);
	}

	/**
	 * The policy as SQS takes it in {@code SetQueueAttributes}.
	 * @return the JSON
	 */
	public String toJson() {
		return json.createObjectNode()
			.put("deadLetterTargetArn", this.deadLetterTargetArn)
			.put("maxReceiveCount", this.maxReceiveCount)
			.toString();
	}

}
