package dev.fanoutlab.messaging;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class ReaderDefaultsEnvironmentPostProcessorTests {

	@Test
	void givesAServiceTheSharedActuatorAndLoggingSettings() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MockPropertySource().withProperty("spring.application.name", "reader"));

		new ReaderDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("management.endpoints.web.exposure.include"))
			.isEqualTo("health,info,metrics,prometheus");
		assertThat(environment.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("management.metrics.tags.application")).isEqualTo("reader");
		assertThat(environment.getProperty("logging.pattern.level")).contains("correlationId=%X{correlationId:-}");
		assertThat(environment.getProperty("spring.cloud.aws.sqs.queue-not-found-strategy")).isEqualTo("fail");
	}

	@Test
	void letsWhatTheServiceConfiguresWin() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MockPropertySource().withProperty("management.endpoints.web.exposure.include", "health"));

		new ReaderDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("management.endpoints.web.exposure.include")).isEqualTo("health");
	}

	@Test
	void isAppliedBySpringBootToAnApplicationWithTheModuleOnItsClasspath() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Empty.class)
			.web(WebApplicationType.NONE)
			.run("--spring.application.name=reader", "--management.endpoint.health.show-details=never")) {
			assertThat(context.getEnvironment().getProperty("management.endpoint.health.probes.enabled"))
				.isEqualTo("true");
			assertThat(context.getEnvironment().getProperty("management.endpoint.health.show-details"))
				.isEqualTo("never");
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
