package dev.fanoutlab.topology;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;

/**
 * The subscribe step of a {@link PushSubscription}: subscribes an HTTP(S) endpoint to a
 * topic with its delivery policy and dead-letter queue, idempotently, as
 * {@link QueueSubscriber} does for queues.
 * <p>
 * On AWS a new HTTP(S) subscription is pending until the endpoint confirms it: SNS POSTs
 * a {@code SubscriptionConfirmation} with a token, and the endpoint calls
 * {@code ConfirmSubscription}. A subscription still pending is subscribed again, which
 * makes SNS send a new confirmation. moto confirms HTTP(S) subscriptions at once and
 * sends no confirmation.
 */
public final class EndpointSubscriber {

	/** What SNS lists as the ARN of a subscription not confirmed yet. */
	static final String PENDING_CONFIRMATION = "PendingConfirmation";

	private final SnsClient sns;

	public EndpointSubscriber(SnsClient sns) {
		this.sns = sns;
	}

	/**
	 * Subscribe an endpoint to a topic, or converge its subscription's attributes.
	 * @param topicArn the topic
	 * @param endpoint the endpoint, {@code http} or {@code https}
	 * @param subscription its delivery policy and dead-letter queue
	 * @param deadLetterQueueArn the ARN of the dead-letter queue
	 * @return the subscription
	 */
	public Subscribed subscribe(String topicArn, URI endpoint, PushSubscription subscription,
			String deadLetterQueueArn) {
		String protocol = PushSubscription.protocolOf(endpoint);
		Map<String, String> attributes = new LinkedHashMap<>();
		attributes.put("DeliveryPolicy", subscription.deliveryPolicy());
		attributes.put("RedrivePolicy", subscription.redrivePolicy(deadLetterQueueArn));
		Optional<String> existing = find(topicArn, endpoint);
		if (existing.isEmpty() || existing.get().equals(PENDING_CONFIRMATION)) {
			String arn = this.sns
				.subscribe((request) -> request.topicArn(topicArn)
					.protocol(protocol)
					.endpoint(endpoint.toString())
					.attributes(attributes)
					.returnSubscriptionArn(true))
				.subscriptionArn();
			return new Subscribed(arn, existing.isEmpty(), pending(arn));
		}
		attributes.forEach((name, value) -> this.sns.setSubscriptionAttributes(
				(request) -> request.subscriptionArn(existing.get()).attributeName(name).attributeValue(value)));
		return new Subscribed(existing.get(), false, pending(existing.get()));
	}

	/**
	 * Remove an endpoint's subscription, if there is one.
	 * @param topicArn the topic
	 * @param endpoint the endpoint
	 * @return {@code true} if a confirmed subscription was removed
	 */
	public boolean unsubscribe(String topicArn, URI endpoint) {
		Optional<String> existing = find(topicArn, endpoint).filter((arn) -> !arn.equals(PENDING_CONFIRMATION));
		existing.ifPresent((arn) -> this.sns.unsubscribe((request) -> request.subscriptionArn(arn)));
		return existing.isPresent();
	}

	private Optional<String> find(String topicArn, URI endpoint) {
		String protocol = PushSubscription.protocolOf(endpoint);
		return this.sns.listSubscriptionsByTopicPaginator((request) -> request.topicArn(topicArn))
			.subscriptions()
			.stream()
			.filter((candidate) -> protocol.equals(candidate.protocol())
					&& endpoint.toString().equals(candidate.endpoint()))
			.map(Subscription::subscriptionArn)
			.findFirst();
	}

	private boolean pending(String subscriptionArn) {
		return "true".equals(this.sns.getSubscriptionAttributes((request) -> request.subscriptionArn(subscriptionArn))
			.attributes()
			.get("PendingConfirmation"));
	}

	/**
	 * An endpoint's subscription.
	 *
	 * @param subscriptionArn the subscription
	 * @param created {@code true} if it was created now
	 * @param pendingConfirmation {@code true} while the endpoint has not confirmed it
	 */
	public record Subscribed(String subscriptionArn, boolean created, boolean pendingConfirmation) {

	}

}
