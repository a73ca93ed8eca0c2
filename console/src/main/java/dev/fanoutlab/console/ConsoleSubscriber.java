package dev.fanoutlab.console;

import java.util.Map;

import dev.fanoutlab.topology.QueuePolicy;
import dev.fanoutlab.topology.QueueSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Joins the system the way the course module says a new subscriber does: it creates its
 * own queue, lets only the topic send to it, and subscribes it to the topic, enveloped
 * and unfiltered, with the provisioner's own subscribe step ({@link QueueSubscriber}).
 * Nothing changes in the producer or in the other subscribers. Idempotent; runs before
 * the console's listener starts.
 */
@Component
class ConsoleSubscriber implements InitializingBean {

	private static final Logger logger = LoggerFactory.getLogger(ConsoleSubscriber.class);

	private final SqsAsyncClient sqs;

	private final QueueSubscriber subscriber;

	private final ConsoleProperties properties;

	ConsoleSubscriber(SqsAsyncClient sqs, SnsClient sns, ConsoleProperties properties) {
		this.sqs = sqs;
		this.subscriber = new QueueSubscriber(sns);
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
			.setQueueAttributes((request) -> request.queueUrl(url)
				.attributes(Map.of(QueueAttributeName.POLICY,
						QueuePolicy.onlyTopicMaySend(arn, this.properties.topicArn()))))
			.join();
		if (this.subscriber.subscribe(this.properties.topicArn(), arn, false, null).created()) {
			logger.info("Subscribed queue {} to {}", this.properties.queue(), this.properties.topicArn());
		}
	}

}
