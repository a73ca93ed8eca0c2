package dev.fanoutlab.topology;

import java.net.URI;

/**
 * A push subscription of the topic: SNS POSTs every event to an HTTP(S) endpoint, such as
 * the order webhook a partner hosts, instead of leaving it in a queue for a reader to
 * pull.
 * <p>
 * On AWS, an endpoint that fails (no answer within 15 s, or a 5xx) is retried per the
 * {@linkplain #deliveryPolicy() delivery policy} (at most an hour in all for HTTP/S);
 * what is still undelivered then goes to the subscription's own dead-letter queue (the
 * subscription's {@code RedrivePolicy}), not to the topic's other subscribers' queues.
 * moto 5.2.1 does neither: it POSTs once, inside {@code Publish}, ignores the answer and
 * stores both policies without using them (see the console's order webhook).
 *
 * @param deadLetterQueueName the SQS queue SNS moves undeliverable messages to
 * @param deliveryPolicy the subscription's {@code DeliveryPolicy} JSON: how SNS retries a
 * failed POST
 */
public record PushSubscription(String deadLetterQueueName, String deliveryPolicy) {

	/** The dead-letter queue of the order webhook's subscription. */
	public static final String ORDER_WEBHOOK_DEAD_LETTER_QUEUE = "order-webhook-dlq";

	/**
	 * Retries of the order webhook: 2 at 5 s, 5 backing off exponentially from 5 s to 60
	 * s, then 3 at 60 s: 10 retries over about six minutes, at most 10 POSTs a second.
	 * The same policy is in {@code infra/messaging.yaml}.
	 */
	public static final String ORDER_WEBHOOK_DELIVERY_POLICY = """
			{"healthyRetryPolicy":{"numRetries":10,"numNoDelayRetries":0,"minDelayTarget":5,\
			"numMinDelayRetries":2,"maxDelayTarget":60,"numMaxDelayRetries":3,"backoffFunction":"exponential"},\
			"throttlePolicy":{"maxReceivesPerSecond":10}}""";

	/**
	 * The order webhook's subscription.
	 * @return the subscription settings
	 */
	public static PushSubscription orderWebhook() {
		return new PushSubscription(ORDER_WEBHOOK_DEAD_LETTER_QUEUE, ORDER_WEBHOOK_DELIVERY_POLICY);
	}

	/**
	 * The subscription's {@code RedrivePolicy}: unlike a queue's, it names only the
	 * dead-letter queue (SNS moves a message once its delivery policy is exhausted).
	 * @param deadLetterQueueArn the ARN of {@link #deadLetterQueueName()}
	 * @return the JSON
	 */
	public String redrivePolicy(String deadLetterQueueArn) {
		return "{\"deadLetterTargetArn\":\"%s\"}".formatted(deadLetterQueueArn);
	}

	/**
	 * The subscription protocol of an endpoint: its scheme.
	 * @param endpoint the endpoint
	 * @return {@code http} or {@code https}
	 * @throws IllegalArgumentException for any other scheme
	 */
	public static String protocolOf(URI endpoint) {
		String scheme = String.valueOf(endpoint.getScheme());
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw new IllegalArgumentException("A push endpoint is http or https, not " + endpoint);
		}
		return scheme;
	}

}
