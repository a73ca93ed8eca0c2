package dev.fanoutlab.topology;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;

/**
 * The subscribe step: subscribes an SQS queue to an SNS topic, idempotently. A queue
 * already subscribed keeps its subscription, whose delivery mode and filter policy are
 * set again to what is asked ({@code SetSubscriptionAttributes}); otherwise it is
 * subscribed with them ({@code Subscribe}). SNS can deliver to the queue only if the
 * queue's access policy lets the topic send (see {@link QueuePolicy#onlyTopicMaySend}).
 */
public final class QueueSubscriber {

	private final SnsClient sns;

	public QueueSubscriber(SnsClient sns) {
		this.sns = sns;
	}

	/**
	 * Subscribe a queue to a topic, or converge its subscription.
	 * @param topicArn the topic
	 * @param queueArn the queue
	 * @param rawMessageDelivery {@code true} to deliver the published message as is,
	 * {@code false} to wrap it in the SNS notification envelope
	 * @param filterPolicy filter policy on message attributes, as JSON, or {@code null}
	 * to receive every message
	 * @return the subscription
	 */
	public Subscribed subscribe(String topicArn, String queueArn, boolean rawMessageDelivery,
			@Nullable String filterPolicy) {
		Optional<String> existing = this.sns.listSubscriptionsByTopicPaginator((request) -> request.topicArn(topicArn))
			.subscriptions()
			.stream()
			.filter((candidate) -> "sqs".equals(candidate.protocol()) && queueArn.equals(candidate.endpoint()))
			.map(Subscription::subscriptionArn)
			.findFirst();
		Map<String, String> attributes = new LinkedHashMap<>();
		attributes.put("RawMessageDelivery", Boolean.toString(rawMessageDelivery));
		if (filterPolicy != null) {
			attributes.put("FilterPolicyScope", "MessageAttributes");
			attributes.put("FilterPolicy", filterPolicy);
		}
		if (existing.isEmpty()) {
			String arn = this.sns
				.subscribe((request) -> request.topicArn(topicArn)
					.protocol("sqs")
					.endpoint(queueArn)
					.attributes(attributes)
					.returnSubscriptionArn(true))
				.subscriptionArn();
			return new Subscribed(arn, true);
		}
		attributes.forEach((name, value) -> this.sns.setSubscriptionAttributes(
				(request) -> request.subscriptionArn(existing.get()).attributeName(name).attributeValue(value)));
		return new Subscribed(existing.get(), false);
	}

	/**
	 * A queue's subscription.
	 *
	 * @param subscriptionArn the subscription
	 * @param created {@code true} if it was created now, {@code false} if it existed
	 */
	public record Subscribed(String subscriptionArn, boolean created) {

	}

}
