package dev.fanoutlab.producer.orders;

import java.time.Duration;

import software.amazon.awssdk.services.sns.SnsClient;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Health of the messaging backend: UP while SNS answers for the orders topic. It is
 * computed on every health request, so it recovers by itself when SNS is back.
 */
@Component("ordersTopic")
class OrdersTopicHealthIndicator extends AbstractHealthIndicator {

	private static final Duration TIMEOUT = Duration.ofSeconds(3);

	private final SnsClient sns;

	private final MessagingProperties properties;

	OrdersTopicHealthIndicator(SnsClient sns, MessagingProperties properties) {
		super("The orders topic is unreachable");
		this.sns = sns;
		this.properties = properties;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		this.sns.getTopicAttributes((request) -> request.topicArn(this.properties.topicArn())
			.overrideConfiguration((config) -> config.apiCallTimeout(TIMEOUT)));
		builder.up().withDetail("topicArn", this.properties.topicArn());
	}

}
