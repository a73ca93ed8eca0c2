package dev.fanoutlab.consumer;

import dev.fanoutlab.testsupport.ServiceEnvironment;
import org.junit.jupiter.api.Test;

import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * consumer-service's environment as Spring Boot builds it, from its application.yml and
 * the shared defaults (messaging-support's for readers, service-defaults' for every
 * service), without starting the service.
 */
class ApplicationDefaultsTests {

	@Test
	void getsTheSharedReaderDefaultsBesideItsOwnSettings() {
		Environment environment = ServiceEnvironment.of();
		ServiceEnvironment.assertSharedDefaults(environment, "consumer-service");
		assertThat(environment.getProperty("logging.pattern.level")).contains("orderId=%X{orderId:-}");
		assertThat(environment.getProperty("spring.cloud.aws.sqs.listener.poll-timeout")).isEqualTo("10s");
		assertThat(environment.getProperty("server.port")).isEqualTo("8081");
	}

	@Test
	void letsItsLocalProfileExposeTheListenersEndpoint() {
		Environment environment = ServiceEnvironment.withProfile("local");
		assertThat(environment.getProperty("management.endpoints.web.exposure.include"))
			.isEqualTo("health,info,metrics,prometheus,listeners");
	}

}
