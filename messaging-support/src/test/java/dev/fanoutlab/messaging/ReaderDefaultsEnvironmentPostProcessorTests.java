package dev.fanoutlab.messaging;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class ReaderDefaultsEnvironmentPostProcessorTests {

	@Test
	void givesAReaderTheSharedListenerSettings() {
		StandardEnvironment environment = new StandardEnvironment();

		new ReaderDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("spring.cloud.aws.sqs.queue-not-found-strategy")).isEqualTo("fail");
		assertThat(environment.getProperty("spring.cloud.aws.sqs.listener.poll-timeout")).isEqualTo("10s");
		assertThat(environment.getProperty("management.endpoints.web.exposure.include"))
			.as("service-defaults' part, not the readers'")
			.isNull();
	}

	@Test
	void letsWhatTheServiceConfiguresWin() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MockPropertySource().withProperty("spring.cloud.aws.sqs.listener.poll-timeout", "5s"));

		new ReaderDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("spring.cloud.aws.sqs.listener.poll-timeout")).isEqualTo("5s");
	}

	@Test
	void isAppliedBySpringBootBeforeTheDefaultsEveryServiceShares() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Empty.class)
			.web(WebApplicationType.NONE)
			.run("--spring.application.name=reader", "--management.endpoint.health.show-details=never")) {
			assertThat(context.getEnvironment().getProperty("spring.cloud.aws.sqs.listener.poll-timeout"))
				.isEqualTo("10s");
			assertThat(context.getEnvironment().getProperty("management.endpoint.health.probes.enabled"))
				.isEqualTo("true");
			assertThat(context.getEnvironment().getProperty("management.endpoint.health.show-details"))
				.isEqualTo("never");
			List<String> sources = context.getEnvironment()
				.getPropertySources()
				.stream()
				.map(PropertySource::getName)
				.toList();
			assertThat(sources).containsSequence(ReaderDefaultsEnvironmentPostProcessor.NAME,
					"fanout-lab-service-defaults.yml");
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
