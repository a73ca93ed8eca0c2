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
 * the console's listeners start.
 * <p>
 * It does so on both lanes: {@code order-console} on the {@code orders} topic, and the
 * FIFO queue {@code order-console.fifo} on {@code orders.fifo} (an SNS FIFO topic
 * delivers only to SQS FIFO queues). Both are enveloped: the envelope carries SNS's
 * timestamp and the message attributes, and one reading path serves both lanes; the
 * message group id and sequence number of a FIFO message are SQS system attributes in
 * either delivery mode.
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
		subscribe(this.properties.queue(), this.properties.topicArn(),
				Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "3600"));
		// Content-based deduplication off: SNS passes on the publisher's deduplication
		// id.
		subscribe(this.properties.fifoQueue(), this.properties.fifoTopicArn(),
				Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "3600", QueueAttributeName.FIFO_QUEUE, "true",
						QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false"));
	}

	private void subscribe(String queue, String topicArn, Map<QueueAttributeName, String> attributes) {
		String url = this.sqs.createQueue((request) -> request.queueName(queue).attributes(attributes))
			.join()
			.queueUrl();
		String arn = this.sqs
			.getQueueAttributes((request) -> request.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
			.join()
			.attributes()
			.get(QueueAttributeName.QUEUE_ARN);
		this.sqs
			.setQueueAttributes((request) -> request.queueUrl(url)
				.attributes(Map.of(QueueAttributeName.POLICY, QueuePolicy.onlyTopicMaySend(arn, topicArn))))
			.join();
		if (this.subscriber.subscribe(topicArn, arn, false, null).created()) {
			logger.info("Subscribed queue {} to {}", queue, topicArn);
		}
	}

}
