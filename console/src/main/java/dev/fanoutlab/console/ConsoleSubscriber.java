package dev.fanoutlab.console;

import java.util.Map;

import dev.fanoutlab.topology.Policies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Joins the system the way the course module says a new subscriber does: it creates its
 * own queue, lets only the topic send to it, and subscribes it to the topic. Nothing
 * changes in the producer or in the other subscribers. Idempotent; runs before the
 * console's listener starts.
 */
@Component
class ConsoleSubscriber implements InitializingBean {

	private static final Logger logger = LoggerFactory.getLogger(ConsoleSubscriber.class);

	private final SqsAsyncClient sqs;

	private final SnsClient sns;

	private final ConsoleProperties properties;

	ConsoleSubscriber(SqsAsyncClient sqs, SnsClient sns, ConsoleProperties properties) {
		this.sqs = sqs;
		this.sns = sns;
		this.properties = properties;
	}

	@Override
	public void afterPropertiesSet() {
		String url = this.sqs
			.createQueue((request) -> request.queueName(this.properties.queue())
				.attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "3600")))
			.join()
			.queueUrl();
		String arn = this.sqs
			.getQueueAttributes((request) -> request.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
			.join()
			.attributes()
			.get(QueueAttributeName.QUEUE_ARN);
		this.sqs
			.setQueueAttributes(
					(request) -> request.queueUrl(url)
						.attributes(Map.of(QueueAttributeName.POLICY,
								Policies.onlyTopicMaySend(arn, this.properties.topicArn()))))
			.join();
		boolean subscribed = this.sns
			.listSubscriptionsByTopicPaginator((request) -> request.topicArn(this.properties.topicArn()))
			.subscriptions()
			.stream()
			.anyMatch((subscription) -> arn.equals(subscription.endpoint()));
		if (!subscribed) {
			this.sns.subscribe((request) -> request.topicArn(this.properties.topicArn())
				.protocol("sqs")
				.endpoint(arn)
				.attributes(Map.of("RawMessageDelivery", "false"))
				.returnSubscriptionArn(true));
			logger.info("Subscribed queue {} to {}", this.properties.queue(), this.properties.topicArn());
		}
	}

}
