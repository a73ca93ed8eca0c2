package dev.fanoutlab.producer.messaging;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where events are published.
 *
 * @param topicArn ARN of the SNS topic {@code orders}; services never create topics, so a
 * wrong ARN fails at startup
 * @param publishTimeout how long one publish may take, SDK retries included, before the
 * order is answered with 503
 */
@Validated
@ConfigurationProperties("fanout-lab.messaging")
record MessagingProperties(
		@NotNull @Pattern(regexp = "arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}",
				message = "must be an SNS topic ARN, e.g. arn:aws:sns:us-east-1:123456789012:orders") String topicArn,
		@NotNull Duration publishTimeout) {

}
