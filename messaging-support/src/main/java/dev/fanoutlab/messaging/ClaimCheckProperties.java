package dev.fanoutlab.messaging;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The claim check's payload bucket, and the S3 client's timeouts when fetching a payload.
 *
 * @param bucket the only bucket a pointer may name ({@code fanout-lab-payloads}; on AWS
 * the name completed by {@code infra/}, given as {@code PAYLOAD_BUCKET})
 * @param apiCallTimeout a whole S3 call, retries included; a timeout is transient
 * @param apiCallAttemptTimeout one HTTP attempt
 */
@Validated
@ConfigurationProperties("fanout-lab.claim-check")
record ClaimCheckProperties(@NotBlank @DefaultValue("fanout-lab-payloads") String bucket,
		@NotNull @DefaultValue("10s") Duration apiCallTimeout,
		@NotNull @DefaultValue("5s") Duration apiCallAttemptTimeout) implements AwsTimeoutProperties.Timeouts {

}
