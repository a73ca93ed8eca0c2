package dev.fanoutlab.messaging;

import io.awspring.cloud.autoconfigure.s3.S3ClientCustomizer;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The reading side of the claim check ({@link ClaimCheck}) on the {@link S3Client} that
 * Spring Cloud AWS builds, with the call and attempt timeouts of
 * {@link ClaimCheckProperties}.
 */
@AutoConfiguration(afterName = "io.awspring.cloud.autoconfigure.s3.S3AutoConfiguration")
@EnableConfigurationProperties(ClaimCheckProperties.class)
public class ClaimCheckAutoConfiguration {

	@Bean
	S3ClientCustomizer claimCheckTimeouts(ClaimCheckProperties properties) {
		return (builder) -> AwsTimeoutsAutoConfiguration.apply(builder, properties);
	}

	@Bean
	ClaimCheck claimCheck(S3Client s3, ClaimCheckProperties properties) {
		return new ClaimCheck(s3, properties.bucket());
	}

}
