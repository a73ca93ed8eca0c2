package dev.fanoutlab.consumer.messaging;

import java.time.Clock;
import java.time.Duration;

import io.awspring.cloud.sqs.config.SqsMessageListenerContainerFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * SQS listener settings that Spring Cloud AWS has no properties for.
 */
@Configuration(proxyBeanMethods = false)
class ListenerContainerConfiguration {

	/**
	 * Acknowledge (delete) each message as soon as it was processed, instead of in
	 * batches: Spring Cloud AWS 4.1.0 can drop a partly filled acknowledgement batch on
	 * shutdown (awspring/spring-cloud-aws#1661), and a lost acknowledgement means a
	 * redelivery. Redelivery is harmless here (idempotent fulfilment) but costs a
	 * receive. In-flight messages get 20 s to finish on shutdown; unfinished ones become
	 * visible again after their visibility timeout.
	 */
	@Bean
	static BeanPostProcessor immediateAcknowledgements() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				if (bean instanceof SqsMessageListenerContainerFactory<?> factory) {
					factory.configure((options) -> options.acknowledgementInterval(Duration.ZERO)
						.acknowledgementThreshold(0)
						.listenerShutdownTimeout(Duration.ofSeconds(20)));
				}
				return bean;
			}
		};
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
