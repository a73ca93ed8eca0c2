package dev.fanoutlab.defaults;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ServiceDefaultsEnvironmentPostProcessorTests {

	@Test
	void givesAServiceTheSharedActuatorLoggingAndShutdownSettings() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MockPropertySource().withProperty("spring.application.name", "a-service"));

		new ServiceDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("management.endpoints.web.exposure.include"))
			.isEqualTo("health,info,metrics,prometheus");
		assertThat(environment.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("management.info.env.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("management.metrics.tags.application")).isEqualTo("a-service");
		assertThat(environment.getProperty("logging.pattern.level")).contains("correlationId=%X{correlationId:-}");
		assertThat(environment.getProperty("server.shutdown")).isEqualTo("graceful");
		assertThat(environment.getProperty("spring.cloud.aws.region.static")).as("the local profile's only").isNull();
	}

	@Test
	void givesTheLocalProfileTheEmulatorRegionAndCredentials() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.setActiveProfiles("local");

		new ServiceDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("spring.cloud.aws.region.static")).isEqualTo("us-east-1");
		assertThat(environment.getProperty("spring.cloud.aws.credentials.access-key")).isEqualTo("test");
		assertThat(environment.getProperty("server.shutdown")).isEqualTo("graceful");
		assertThat(environment.getProperty("spring.config.activate.on-profile")).isNull();
	}

	@Test
	void tracesATenthOfRequestsWithoutExportOnAwsAndLogsTheTraceIdsNextToTheCorrelationId() {
		StandardEnvironment environment = new StandardEnvironment();

		new ServiceDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("management.tracing.sampling.probability")).isEqualTo("0.1");
		assertThat(environment.getProperty("management.tracing.propagation.type")).isEqualTo("w3c");
		assertThat(environment.getProperty("management.tracing.export.zipkin.enabled")).isEqualTo("false");
		assertThat(environment.getProperty("logging.pattern.level"))
			.contains("correlationId=%X{correlationId:-} traceId=%X{traceId:-} spanId=%X{spanId:-}");
		assertThat(environment.getProperty("logging.pattern.correlation")).isEmpty();
	}

	@Test
	void tracesEveryRequestToTheLocalZipkinInTheLocalProfile() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.setActiveProfiles("local");

		new ServiceDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("management.tracing.sampling.probability")).isEqualTo("1.0");
		assertThat(environment.getProperty("management.tracing.export.zipkin.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("management.tracing.export.zipkin.endpoint"))
			.isEqualTo("http://127.0.0.1:9411/api/v2/spans");
	}

	@Test
	void letsWhatTheServiceConfiguresWin() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MockPropertySource().withProperty("management.endpoints.web.exposure.include", "health"));

		new ServiceDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("management.endpoints.web.exposure.include")).isEqualTo("health");
		assertThat(environment.getPropertySources().stream().reduce((first, second) -> second).orElseThrow().getName())
			.isEqualTo(ServiceDefaultsEnvironmentPostProcessor.NAME);
	}

	@Test
	void addsTheDefaultsOnce() {
		StandardEnvironment environment = new StandardEnvironment();
		int before = environment.getPropertySources().size();

		ClasspathDefaults.addLast(environment, ServiceDefaultsEnvironmentPostProcessor.NAME);
		ClasspathDefaults.addLast(environment, ServiceDefaultsEnvironmentPostProcessor.NAME);

		assertThat(environment.getPropertySources().size()).isEqualTo(before + 1);
	}

	@Test
	void failsWhenTheFileIsMissing() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ClasspathDefaults.addLast(new StandardEnvironment(), "no-such-defaults.yml"));
	}

	@Test
	void isAppliedBySpringBootToAnApplicationWithTheModuleOnItsClasspath() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Empty.class)
			.web(WebApplicationType.NONE)
			.run("--spring.application.name=a-service", "--management.endpoint.health.show-details=never")) {
			assertThat(context.getEnvironment().getProperty("management.endpoint.health.probes.enabled"))
				.isEqualTo("true");
			assertThat(context.getEnvironment().getProperty("management.metrics.tags.application"))
				.isEqualTo("a-service");
			assertThat(context.getEnvironment().getProperty("management.endpoint.health.show-details"))
				.isEqualTo("never");
		}
	}

	@Test
	void letsTheServicesApplicationYmlAndItsProfilesWin() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Empty.class)
			.web(WebApplicationType.NONE)
			.profiles("local")
			.run("--spring.config.name=a-service")) {
			assertThat(context.getEnvironment().getProperty("management.endpoint.health.show-details"))
				.isEqualTo("never");
			assertThat(context.getEnvironment().getProperty("management.endpoints.web.exposure.include"))
				.isEqualTo("health,info,metrics,prometheus,listeners");
			assertThat(context.getEnvironment().getProperty("management.endpoint.health.probes.enabled"))
				.isEqualTo("true");
			assertThat(context.getEnvironment().getProperty("spring.cloud.aws.region.static")).isEqualTo("us-east-1");
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
