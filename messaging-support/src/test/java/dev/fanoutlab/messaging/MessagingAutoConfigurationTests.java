package dev.fanoutlab.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.fanoutlab.testsupport.AsyncHttp;
import io.awspring.cloud.autoconfigure.core.AwsAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.sqs.SqsAsyncClientCustomizer;
import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.awspring.cloud.sqs.config.SqsMessageListenerContainerFactory;
import io.awspring.cloud.sqs.listener.ContainerOptions;
import io.awspring.cloud.sqs.listener.errorhandler.AsyncErrorHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link MessagingAutoConfiguration} contributes to a service that reads a queue,
 * without a queue: nothing here calls AWS (the endpoint refuses connections).
 */
class MessagingAutoConfigurationTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AwsAutoConfiguration.class, CredentialsProviderAutoConfiguration.class,
				RegionProviderAutoConfiguration.class, SqsAutoConfiguration.class, JacksonAutoConfiguration.class,
				ValidationAutoConfiguration.class, MessagingAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		// Closing the context then does not wait Netty's 2 s quiet period.
		.withBean(SqsAsyncClientCustomizer.class, () -> (builder) -> builder.httpClient(AsyncHttp.shared()))
		.withPropertyValues("spring.cloud.aws.region.static=us-east-1", "spring.cloud.aws.credentials.access-key=test",
				"spring.cloud.aws.credentials.secret-key=test", "spring.cloud.aws.endpoint=http://127.0.0.1:1",
				"fanout-lab.listener.queue=orders");

	@Test
	void registersTheListenerPolicyOfAServiceThatReadsAQueue() {
		this.contexts.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(EventReader.class)
				.hasSingleBean(EventProcessor.class)
				.hasSingleBean(ProcessingMetrics.class)
				.hasSingleBean(ProcessingDelay.class)
				.hasSingleBean(QueueWaitInterceptor.class)
				.hasSingleBean(QueueDepthMetrics.class)
				.hasSingleBean(ListenersEndpoint.class)
				.hasSingleBean(Clock.class);
			assertThat(context.getBean(AsyncErrorHandler.class)).isInstanceOf(RetryingErrorHandler.class);
			assertThat(context.getBean(Clock.class).getZone()).isEqualTo(ZoneOffset.UTC);
		});
	}

	@Test
	void backsOffFromTheClockOfTheService() {
		this.contexts.withUserConfiguration(FixedClock.class).run((context) -> {
			assertThat(context).hasSingleBean(Clock.class);
			assertThat(context.getBean(Clock.class)).isSameAs(context.getBean(FixedClock.class).clock);
		});
	}

	@Test
	void acknowledgesEachMessageAtOnceAndWaitsTheDefaultShutdownTimeoutForMessagesInFlight() {
		this.contexts.run((context) -> {
			ContainerOptions<?, ?> options = options(context.getBean(SqsMessageListenerContainerFactory.class));
			assertThat(options.getListenerShutdownTimeout()).isEqualTo(Duration.ofSeconds(20));
			assertThat(options.getAcknowledgementInterval()).isZero();
			assertThat(options.getAcknowledgementThreshold()).isZero();
		});
	}

	@Test
	void bindsTheShutdownTimeoutThroughTheListenerProperties() {
		this.contexts.withPropertyValues("fanout-lab.listener.shutdown-timeout=45s").run((context) -> {
			assertThat(context.getBean(ListenerProperties.class).shutdownTimeout()).isEqualTo(Duration.ofSeconds(45));
			assertThat(options(context.getBean(SqsMessageListenerContainerFactory.class)).getListenerShutdownTimeout())
				.isEqualTo(Duration.ofSeconds(45));
		});
	}

	@Test
	void failsToStartWithoutAQueueToRead() {
		this.contexts.withPropertyValues("fanout-lab.listener.queue=")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("fanout-lab.listener")
				.hasMessageContaining("queue"));
	}

	private static ContainerOptions<?, ?> options(SqsMessageListenerContainerFactory<?> factory) {
		return factory.createContainer("orders").getContainerOptions();
	}

	@Configuration(proxyBeanMethods = false)
	static class FixedClock {

		final Clock clock = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);

		@Bean
		Clock clock() {
			return this.clock;
		}

	}

}
