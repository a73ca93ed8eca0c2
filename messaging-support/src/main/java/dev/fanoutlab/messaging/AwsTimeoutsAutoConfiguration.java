package dev.fanoutlab.messaging;

import io.awspring.cloud.autoconfigure.dynamodb.DynamoDbClientCustomizer;
import io.awspring.cloud.autoconfigure.sqs.SqsAsyncClientCustomizer;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Call and attempt timeouts ({@link AwsTimeoutProperties}) for the DynamoDB and SQS
 * clients that Spring Cloud AWS builds, through its client customizers. The timeouts are
 * added to the client's override configuration, keeping what Spring Cloud AWS set there.
 * A call that times out throws {@code ApiCallTimeoutException}, which the listener's
 * error handler takes as transient.
 */
@AutoConfiguration(beforeName = { "io.awspring.cloud.autoconfigure.dynamodb.DynamoDbAutoConfiguration",
		"io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration" })
@EnableConfigurationProperties(AwsTimeoutProperties.class)
public class AwsTimeoutsAutoConfiguration {

	@Bean
	SqsAsyncClientCustomizer sqsTimeouts(AwsTimeoutProperties properties) {
		return (builder) -> apply(builder, properties.sqs());
	}

	static void apply(AwsClientBuilder<?, ?> builder, AwsTimeoutProperties.Timeouts timeouts) {
		ClientOverrideConfiguration current = builder.overrideConfiguration();
		ClientOverrideConfiguration.Builder configuration = (current != null) ? current.toBuilder()
				: ClientOverrideConfiguration.builder();
		builder.overrideConfiguration(configuration.apiCallTimeout(timeouts.apiCallTimeout())
			.apiCallAttemptTimeout(timeouts.apiCallAttemptTimeout())
			.build());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "software.amazon.awssdk.services.dynamodb.DynamoDbClient",
			"io.awspring.cloud.autoconfigure.dynamodb.DynamoDbClientCustomizer" })
	static class DynamoDbTimeouts {

		@Bean
		DynamoDbClientCustomizer dynamoDbTimeouts(AwsTimeoutProperties properties) {
			return (builder) -> apply(builder, properties.dynamodb());
		}

	}

}
