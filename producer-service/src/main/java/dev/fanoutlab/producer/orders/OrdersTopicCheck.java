package dev.fanoutlab.producer.orders;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.NotFoundException;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Fails startup when the configured topic does not exist: services never create
 * infrastructure, so a wrong ARN is a configuration error to see at once. An unreachable
 * SNS endpoint does not stop startup; health reports it until it answers.
 */
@Component
class OrdersTopicCheck implements InitializingBean {

	private static final Logger logger = LoggerFactory.getLogger(OrdersTopicCheck.class);

	private final SnsClient sns;

	private final MessagingProperties properties;

	OrdersTopicCheck(SnsClient sns, MessagingProperties properties) {
		this.sns = sns;
		this.properties = properties;
	}

	@Override
	public void afterPropertiesSet() {
		try {
			this.sns.getTopicAttributes((request) -> request.topicArn(this.properties.topicArn()));
		}
		catch (NotFoundException ex) {
			throw new IllegalStateException("SNS topic " + this.properties.topicArn()
					+ " does not exist: set fanout-lab.messaging.topic-arn (ORDERS_TOPIC_ARN) to the ARN of the "
					+ "provisioned 'orders' topic", ex);
		}
		catch (SdkClientException ex) {
			logger.warn("SNS is unreachable at startup ({}); orders are answered with 503 until it is back",
					ex.getMessage());
		}
	}

}
