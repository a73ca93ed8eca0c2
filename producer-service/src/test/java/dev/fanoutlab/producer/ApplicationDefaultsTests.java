package dev.fanoutlab.producer;

import dev.fanoutlab.testsupport.ServiceEnvironment;
import org.junit.jupiter.api.Test;

import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * producer-service's environment as Spring Boot builds it, from its application.yml and
 * service-defaults' shared defaults, without starting the service.
 */
class ApplicationDefaultsTests {

	@Test
	void getsTheDefaultsEveryServiceSharesBesideItsOwnSettings() {
		Environment environment = ServiceEnvironment.of();
		ServiceEnvironment.assertSharedDefaults(environment, "producer-service");
		assertThat(environment.getProperty("logging.pattern.level")).contains("correlationId=%X{correlationId:-}");
		assertThat(environment.getProperty("spring.cloud.aws.sqs.listener.poll-timeout"))
			.as("a queue reader's default only")
			.isNull();
	}

	@Test
	void keepsTheSettingsOfItsOwnApplicationYml() {
		Environment environment = ServiceEnvironment.of();
		assertThat(environment.getProperty("server.port")).isEqualTo("8080");
		assertThat(environment.getProperty("spring.lifecycle.timeout-per-shutdown-phase")).isEqualTo("20s");
		assertThat(environment.getProperty("info.service.description")).startsWith("Accepts orders");
	}

	@Test
	void getsTheSharedLocalProfileBesideItsOwn() {
		Environment environment = ServiceEnvironment.withProfile("local");
		assertThat(environment.getProperty("spring.cloud.aws.region.static")).isEqualTo("us-east-1");
		assertThat(environment.getProperty("spring.cloud.aws.credentials.access-key")).isEqualTo("test");
		assertThat(environment.getProperty("fanout-lab.messaging.topic-arn")).endsWith(":orders");
	}

	@Test
	void letsTheEnvironmentOverrideTheSharedDefaults() {
		Environment environment = ServiceEnvironment.of("--management.endpoint.health.show-details=never");
		assertThat(environment.getProperty("management.endpoint.health.show-details")).isEqualTo("never");
	}

}
