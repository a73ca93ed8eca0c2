package dev.fanoutlab.console;

import dev.fanoutlab.testsupport.ServiceEnvironment;
import org.junit.jupiter.api.Test;

import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's environment as Spring Boot builds it, from its application.yml and
 * service-defaults' shared defaults, without starting the service.
 */
class ApplicationDefaultsTests {

	@Test
	void getsTheDefaultsEveryServiceSharesBesideItsOwnSettings() {
		Environment environment = ServiceEnvironment.of();
		ServiceEnvironment.assertSharedDefaults(environment, "console");
		assertThat(environment.getProperty("logging.pattern.level")).startsWith("%5p");
	}

	@Test
	void keepsTheSettingsOfItsOwnApplicationYml() {
		Environment environment = ServiceEnvironment.of();
		assertThat(environment.getProperty("server.port")).isEqualTo("8090");
		assertThat(environment.getProperty("spring.lifecycle.timeout-per-shutdown-phase")).isEqualTo("10s");
		assertThat(environment.getProperty("spring.cloud.aws.sqs.listener.poll-timeout")).isEqualTo("5s");
		assertThat(environment.getProperty("info.service.description"))
			.isEqualTo("The classroom console of Fanout Lab");
	}

	@Test
	void getsTheSharedLocalProfileBesideItsOwn() {
		Environment environment = ServiceEnvironment.withProfile("local");
		assertThat(environment.getProperty("spring.cloud.aws.region.static")).isEqualTo("us-east-1");
		assertThat(environment.getProperty("spring.cloud.aws.credentials.access-key")).isEqualTo("test");
		assertThat(environment.getProperty("fanout-lab.console.topic-arn")).endsWith(":orders");
	}

	@Test
	void letsTheEnvironmentOverrideTheSharedDefaults() {
		Environment environment = ServiceEnvironment.of("--management.endpoint.health.show-details=never");
		assertThat(environment.getProperty("management.endpoint.health.show-details")).isEqualTo("never");
	}

}
