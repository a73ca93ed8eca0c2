package dev.fanoutlab.console.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import dev.fanoutlab.console.ConsoleProperties;
import dev.fanoutlab.topology.EndpointSubscriber;
import dev.fanoutlab.topology.PushSubscription;
import dev.fanoutlab.topology.QueuePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Subscribes the order webhook to the topic once the console's web server is up (a
 * lifecycle of the last phase: it starts after the server and stops before it), as
 * {@code ConsoleSubscriber} subscribes the console's queue: idempotently, with the
 * topology's subscribe step ({@link EndpointSubscriber}). First it creates the
 * subscription's dead-letter queue,
 * {@value PushSubscription#ORDER_WEBHOOK_DEAD_LETTER_QUEUE}, and lets only the topic send
 * to it (SNS moves undeliverable messages there as the topic). Nothing happens without
 * {@code fanout-lab.console.webhook.endpoint}.
 * <p>
 * Against an emulator the subscription is removed when the console stops: moto POSTs
 * inside {@code Publish}, so an endpoint that does not answer at all fails every
 * {@code Publish} to the topic (moto answers 500), the producer's included. On AWS it
 * stays, and SNS retries and dead-letters what the stopped webhook missed.
 * <p>
 * On AWS the console refuses to start with an endpoint that is not {@code https}, or with
 * signature verification off.
 */
@Component
class WebhookSubscriber implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(WebhookSubscriber.class);

	private static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(14);

	private final SnsClient sns;

	private final SqsAsyncClient sqs;

	private final OrderWebhook webhook;

	private final String topicArn;

	private final WebhookProperties properties;

	private final PushSubscription subscription = PushSubscription.orderWebhook();

	private volatile boolean running;

	WebhookSubscriber(SnsClient sns, SqsAsyncClient sqs, OrderWebhook webhook, ConsoleProperties console,
			WebhookProperties properties) {
		this.sns = sns;
		this.sqs = sqs;
		this.webhook = webhook;
		this.topicArn = console.topicArn();
		this.properties = properties;
	}

	@Override
	public void start() {
		this.running = true;
		URI endpoint = this.properties.endpoint();
		if (endpoint == null) {
			logger.info("No order webhook (fanout-lab.console.webhook.endpoint is empty): no push subscription");
			return;
		}
		if (this.webhook.onAws()) {
			if (!"https".equals(endpoint.getScheme())) {
				throw new IllegalStateException("On AWS the order webhook must be https, reachable by SNS; got "
						+ endpoint + " (set CONSOLE_WEBHOOK_URL)");
			}
			if (!this.webhook.verifiesSignatures()) {
				throw new IllegalStateException("On AWS the order webhook verifies SNS signatures: "
						+ "set spring.cloud.aws.sns.verification=true (it is off only against an emulator)");
			}
		}
		else if (!this.webhook.verifiesSignatures()) {
			logger.info("SNS signature verification is off: SNS is an emulator, whose signatures cannot be verified");
		}
		String dlq = this.subscription.deadLetterQueueName();
		String url = this.sqs.createQueue((request) -> request.queueName(dlq)).join().queueUrl();
		String arn = this.sqs
			.getQueueAttributes((request) -> request.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
			.join()
			.attributes()
			.get(QueueAttributeName.QUEUE_ARN);
		this.sqs.setQueueAttributes((request) -> request.queueUrl(url)
			.attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD,
					Long.toString(DEAD_LETTER_RETENTION.toSeconds()), QueueAttributeName.POLICY,
					QueuePolicy.onlyTopicMaySend(arn, this.topicArn))))
			.join();
		EndpointSubscriber.Subscribed subscribed = new EndpointSubscriber(this.sns).subscribe(this.topicArn, endpoint,
				this.subscription, arn);
		this.webhook.subscribed(endpoint, subscribed, dlq);
		logger.info("Order webhook {} subscribed to {} ({}{})", endpoint, this.topicArn,
				subscribed.created() ? "new" : "existing",
				subscribed.pendingConfirmation() ? ", pending confirmation" : "");
	}

	@Override
	public void stop() {
		this.running = false;
		URI endpoint = this.properties.endpoint();
		if (endpoint != null && !this.webhook.onAws()) {
			try {
				new EndpointSubscriber(this.sns).unsubscribe(this.topicArn, endpoint);
				this.webhook.unsubscribed();
				logger.info("Order webhook {} unsubscribed: on the emulator a subscribed endpoint that is down "
						+ "fails every Publish", endpoint);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not unsubscribe the order webhook {}: {}", endpoint, ex.getMessage());
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
