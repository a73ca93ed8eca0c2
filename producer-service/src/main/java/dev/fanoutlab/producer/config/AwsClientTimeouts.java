package dev.fanoutlab.producer.config;

import io.awspring.cloud.autoconfigure.dynamodb.DynamoDbClientCustomizer;
import io.awspring.cloud.autoconfigure.s3.S3ClientCustomizer;
import io.awspring.cloud.autoconfigure.sns.SnsClientCustomizer;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Applies {@link AwsTimeoutProperties} to the SNS, DynamoDB and S3 clients that Spring
 * Cloud AWS builds, through its client customizers (applied after its own configuration,
 * so the rest of the override configuration is kept).
 */
@Configuration(proxyBeanMethods = false)
class AwsClientTimeouts {

	@Bean
	SnsClientCustomizer snsClientTimeouts(AwsTimeoutProperties properties) {
		return (builder) -> apply(builder, properties.sns());
	}

	@Bean
	DynamoDbClientCustomizer dynamoDbClientTimeouts(AwsTimeoutProperties properties) {
		return (builder) -> apply(builder, properties.dynamodb());
	}

	@Bean
	S3ClientCustomizer s3ClientTimeouts(AwsTimeoutProperties properties) {
		return (builder) -> apply(builder, properties.s3());
	}

	private static void apply(AwsClientBuilder<?, ?> builder, AwsTimeoutProperties.Timeouts timeouts) {
		ClientOverrideConfiguration current = builder.overrideConfiguration();
		builder.overrideConfiguration(current.toBuilder()
			.apiCallTimeout(timeouts.apiCallTimeout())
			.apiCallAttemptTimeout(timeouts.apiCallAttemptTimeout())
			.build());
	}

}
