package dev.fanoutlab.tracing;

import io.awspring.cloud.autoconfigure.AwsSyncClientCustomizer;
import io.micrometer.observation.ObservationRegistry;
import software.amazon.awssdk.core.client.builder.SdkClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Spans for the AWS calls of every synchronous client Spring Cloud AWS builds (DynamoDB,
 * S3, SNS), and the trace context on SNS publishes ({@link AwsCallObservations}), where a
 * service has Spring Cloud AWS and the SNS model on its classpath. The asynchronous SQS
 * client is left alone: the listeners' receives and acknowledgements belong to no
 * request, and Spring Cloud AWS observes the listener itself.
 */
@AutoConfiguration(beforeName = { "io.awspring.cloud.autoconfigure.dynamodb.DynamoDbAutoConfiguration",
		"io.awspring.cloud.autoconfigure.s3.S3AutoConfiguration",
		"io.awspring.cloud.autoconfigure.sns.SnsAutoConfiguration" })
@ConditionalOnClass(name = { "io.awspring.cloud.autoconfigure.AwsSyncClientCustomizer",
		"software.amazon.awssdk.services.sns.model.PublishRequest" })
public class AwsTracingAutoConfiguration {

	@Bean
	AwsSyncClientCustomizer awsCallObservations(ObjectProvider<ObservationRegistry> registry) {
		AwsCallObservations interceptor = new AwsCallObservations(
				registry.getIfAvailable(() -> ObservationRegistry.NOOP));
		return (builder) -> {
			SdkClientBuilder<?, ?> client = (SdkClientBuilder<?, ?>) builder;
			ClientOverrideConfiguration current = client.overrideConfiguration();
			ClientOverrideConfiguration.Builder configuration = (current != null) ? current.toBuilder()
					: ClientOverrideConfiguration.builder();
			client.overrideConfiguration(configuration.addExecutionInterceptor(interceptor).build());
		};
	}

}
