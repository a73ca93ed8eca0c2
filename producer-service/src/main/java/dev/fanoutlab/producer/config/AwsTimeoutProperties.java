package dev.fanoutlab.producer.config;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * SDK timeouts of the producer's AWS clients. Without them a request thread waits on a
 * slow endpoint for the HTTP client's socket timeout on every SDK attempt (about 90 s
 * with the default retries); with them a brownout is answered with 503 in seconds.
 *
 * @param sns timeouts of the SNS client (publish, topic checks)
 * @param dynamodb timeouts of the DynamoDB client (idempotency keys)
 * @param s3 timeouts of the S3 client (the claim check's payloads)
 */
@Validated
@ConfigurationProperties("fanout-lab.aws")
record AwsTimeoutProperties(@Valid @NotNull Timeouts sns, @Valid @NotNull Timeouts dynamodb,
		@Valid @NotNull Timeouts s3) {

	/**
	 * The SDK's two timeouts of one client.
	 *
	 * @param apiCallTimeout the whole API call, every retry and backoff included
	 * @param apiCallAttemptTimeout one HTTP attempt; the SDK retries a timed-out attempt
	 * while the call timeout allows
	 */
	record Timeouts(@NotNull Duration apiCallTimeout, @NotNull Duration apiCallAttemptTimeout) {

	}

}
