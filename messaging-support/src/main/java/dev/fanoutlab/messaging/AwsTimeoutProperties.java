package dev.fanoutlab.messaging;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Timeouts of the AWS SDK clients of a service that reads a queue
 * ({@code fanout-lab.aws.*}). Without them the SDK waits for an answer as long as the
 * HTTP client lets it, retries included: during a brownout a listener thread is held for
 * minutes and its messages' visibility timeouts run out mid-call.
 *
 * @param dynamodb the DynamoDB client
 * @param sqs the SQS client
 */
@Validated
@ConfigurationProperties("fanout-lab.aws")
public record AwsTimeoutProperties(@Valid @DefaultValue DynamoDb dynamodb, @Valid @DefaultValue Sqs sqs) {

	/** The timeouts of one client. */
	interface Timeouts {

		/**
		 * The whole call, the SDK's retries and their backoff included.
		 * @return the timeout
		 */
		Duration apiCallTimeout();

		/**
		 * One HTTP attempt.
		 * @return the timeout
		 */
		Duration apiCallAttemptTimeout();

	}

	/**
	 * DynamoDB: each call takes milliseconds, so seconds bound it.
	 *
	 * @param apiCallTimeout the whole call, retries included
	 * @param apiCallAttemptTimeout one attempt
	 */
	public record DynamoDb(@DefaultValue("10s") @NotNull Duration apiCallTimeout,
			@DefaultValue("3s") @NotNull Duration apiCallAttemptTimeout) implements Timeouts {

	}

	/**
	 * SQS: a receive long-polls for up to
	 * {@code spring.cloud.aws.sqs.listener.poll-timeout} (at most 20 s), so an attempt
	 * must be allowed longer than that.
	 *
	 * @param apiCallTimeout the whole call, retries included
	 * @param apiCallAttemptTimeout one attempt
	 */
	public record Sqs(@DefaultValue("60s") @NotNull Duration apiCallTimeout,
			@DefaultValue("25s") @NotNull Duration apiCallAttemptTimeout) implements Timeouts {

	}

}
