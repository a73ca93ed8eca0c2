package dev.fanoutlab.messaging;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

import io.awspring.cloud.sqs.config.SqsMessageListenerContainerFactory;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import io.awspring.cloud.sqs.listener.errorhandler.AsyncErrorHandler;
import io.awspring.cloud.sqs.listener.interceptor.MessageInterceptor;
import io.awspring.cloud.sqs.support.converter.AbstractMessagingMessageConverter;
import io.awspring.cloud.sqs.support.converter.SqsHeaderMapper;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Validator;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The listener policy every Fanout Lab service that reads a queue shares: reading,
 * validating, logging and counting events ({@link EventProcessor}), retries and
 * dead-lettering ({@link RetryingErrorHandler}), immediate acknowledgements, graceful
 * shutdown ({@code fanout-lab.listener.shutdown-timeout}), processing metrics and the
 * {@code listeners} endpoint. A service's own {@link Clock} bean replaces the UTC system
 * clock.
 */
@AutoConfiguration(beforeName = "io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration")
@EnableConfigurationProperties(ListenerProperties.class)
public class MessagingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	EventReader eventReader(JsonMapper json, Validator validator) {
		return new EventReader(json, validator);
	}

	@Bean
	EventProcessor eventProcessor(EventReader reader, ProcessingMetrics metrics) {
		return new EventProcessor(reader, metrics);
	}

	@Bean
	ProcessingMetrics processingMetrics(MeterRegistry meters, Clock clock, ListenerProperties properties) {
		return new ProcessingMetrics(meters, clock, queueName(properties.queue()));
	}

	@Bean
	MessageInterceptor<Object> queueWaitInterceptor(MeterRegistry meters, Clock clock, ListenerProperties properties) {
		return new QueueWaitInterceptor(meters, clock, queueName(properties.queue()));
	}

	@Bean
	ProcessingDelay processingDelay(ListenerProperties properties, SqsAsyncClient sqs) {
		return new ProcessingDelay(properties.processingDelay(), maxDelay(properties, sqs));
	}

	@Bean
	ListenersEndpoint listenersEndpoint(MessageListenerContainerRegistry registry, ProcessingDelay delay,
			ListenerProperties properties, SqsAsyncClient sqs) {
		return new ListenersEndpoint(registry, delay, queueName(properties.queue()), maxDelay(properties, sqs));
	}

	/**
	 * The configured maximum processing delay, else half the queue's visibility timeout.
	 */
	private static Supplier<Duration> maxDelay(ListenerProperties properties, SqsAsyncClient sqs) {
		Duration configured = properties.maxProcessingDelay();
		return (configured != null) ? () -> configured
				: () -> VisibilityTimeout.of(sqs, properties.queue()).dividedBy(2);
	}

	@Bean
	QueueDepthMetrics queueDepthMetrics(SqsAsyncClient sqs, MeterRegistry meters, ListenerProperties properties) {
		return new QueueDepthMetrics(sqs, meters, queueName(properties.queue()), properties.depthInterval());
	}

	@Bean
	AsyncErrorHandler<Object> retryingErrorHandler(ListenerProperties properties, ProcessingMetrics metrics) {
		return new RetryingErrorHandler(properties, metrics);
	}

	/**
	 * Acknowledge (delete) each message as soon as it was processed, instead of in
	 * batches: Spring Cloud AWS 4.1.0 can drop a partly filled acknowledgement batch on
	 * shutdown (awspring/spring-cloud-aws#1661), and a lost acknowledgement means a
	 * redelivery. Redelivery is harmless here (processing is idempotent) but costs a
	 * receive. On shutdown, in-flight messages get {@code shutdown-timeout} to finish;
	 * unfinished ones become visible again after their visibility timeout.
	 */
	@Bean
	static BeanPostProcessor immediateAcknowledgements(ObjectProvider<ListenerProperties> properties) {
		// A post-processor is created before other beans: the properties are looked up
		// lazily, when the container factory is, so they are bound and validated as
		// usual.
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				if (bean instanceof SqsMessageListenerContainerFactory<?> factory) {
					Duration shutdownTimeout = properties.getObject().shutdownTimeout();
					factory.configure((options) -> options.acknowledgementInterval(Duration.ZERO)
						.acknowledgementThreshold(0)
						.listenerShutdownTimeout(shutdownTimeout));
				}
				return bean;
			}
		};
	}

	/**
	 * The trace context of an SNS envelope's attributes as message headers
	 * ({@link EnvelopeTraceContext}), on the message converter Spring Cloud AWS gives its
	 * listener containers, so that the listener's observation
	 * ({@code spring.cloud.aws.sqs.observation-enabled}) continues the producer's trace
	 * for enveloped deliveries as it does for raw ones.
	 */
	@Bean
	static BeanPostProcessor envelopeTraceContext(ObjectProvider<JsonMapper> json) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				if (bean instanceof AbstractMessagingMessageConverter<?> converter) {
					converter.configureHeaderMapper((mapper) -> {
						if (mapper instanceof SqsHeaderMapper sqs) {
							sqs.setAdditionalHeadersFunction(new EnvelopeTraceContext(json.getObject()));
						}
					});
				}
				return bean;
			}
		};
	}

	private static String queueName(String queue) {
		return queue.substring(queue.lastIndexOf('/') + 1);
	}

}
