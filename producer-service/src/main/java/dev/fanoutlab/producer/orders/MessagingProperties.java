package dev.fanoutlab.producer.orders;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Where events are published, and how large ones travel.
 *
 * @param topicArn ARN of the SNS topic {@code orders}; services never create topics, so a
 * wrong ARN fails at startup
 * @param maxMessageSize the largest event published, body and message attributes
 * together: one over it is answered with 413 and not published. A valid order of 10,000
 * lines makes an event of about 1 MB, so the 10 MB default refuses nothing valid
 * @param claimCheckThreshold the largest message SNS accepts, body and message attributes
 * together: 256 KiB on a standard topic (SQS queues take up to 1 MiB since 2025, so SNS
 * is the limit of this fan-out). An event over it is stored in {@code payloadBucket} and
 * a pointer to it is published instead (the claim check)
 * @param payloadBucket the S3 bucket of the claim check
 * @param fifoTopicArn ARN of the SNS FIFO topic {@code orders.fifo}, the FIFO lane
 * ({@link Lane#FIFO}); checked at startup like {@code topicArn}
 */
@Validated
@ConfigurationProperties("fanout-lab.messaging")
record MessagingProperties(
		@NotNull @Pattern(regexp = "arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}",
				message = "must be an SNS topic ARN, e.g. arn:aws:sns:us-east-1:123456789012:orders") String topicArn,
		@NotNull @DefaultValue("10MB") DataSize maxMessageSize,
		@NotNull @DefaultValue("256KB") DataSize claimCheckThreshold,
		@NotBlank @DefaultValue("fanout-lab-payloads") String payloadBucket,
		@NotNull @Pattern(regexp = "arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,251}\\.fifo",
				message = "must be an SNS FIFO topic ARN, e.g. arn:aws:sns:us-east-1:123456789012:orders.fifo") String fifoTopicArn) {

}
