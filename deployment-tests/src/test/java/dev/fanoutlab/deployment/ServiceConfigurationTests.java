package dev.fanoutlab.deployment;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The environment variables a service reads, as the deployment checks judge them.
 */
class ServiceConfigurationTests {

	private final ServiceConfiguration producer = ServiceConfiguration.of("producer-service", List.of());

	@Test
	void readsThePlaceholdersOfItsActiveConfiguration() {
		assertThat(this.producer.reads("ORDERS_TOPIC_ARN")).isTrue();
		assertThat(this.producer.reads("ORDER_TOPIC_ARN")).isFalse();
		assertThat(this.producer.reads("SMTP_HOST")).as("a placeholder of notifier-service only").isFalse();
	}

	@Test
	void readsSpringBootPropertiesByRelaxedBinding() {
		assertThat(this.producer.reads("SERVER_PORT")).isTrue();
		assertThat(this.producer.reads("MANAGEMENT_SERVER_PORT")).isTrue();
		assertThat(this.producer.reads("MANAGEMENT_ENDPOINT_HEALTH_SHOWDETAILS")).isTrue();
		assertThat(this.producer.reads("SPRING_PROFILES_ACTIVE")).isTrue();
		assertThat(this.producer.reads("FANOUTLAB_IDEMPOTENCY_TABLE")).as("a property of its application.yml").isTrue();
		assertThat(this.producer.reads("MANAGEMENT_SERVER_PROT")).isFalse();
		assertThat(this.producer.reads("SPRING_NO_SUCH_PROPERTY")).isFalse();
	}

	@Test
	void readsTheAwsSdkSettings() {
		assertThat(this.producer.reads("AWS_REGION")).isTrue();
		assertThat(this.producer.reads("AWS_REGIONS")).isFalse();
	}

	@Test
	void bindsPropertiesFromTheEnvironmentOverItsConfiguration() {
		assertThat(this.producer.property(Map.of(), "server.port")).isEqualTo("8080");
		assertThat(this.producer.property(Map.of(), "management.server.port")).isNull();
		assertThat(this.producer.property(Map.of("MANAGEMENT_SERVER_PORT", "8180"), "management.server.port"))
			.isEqualTo("8180");
		assertThat(this.producer.property(Map.of("MANAGEMENT_ENDPOINT_HEALTH_SHOWDETAILS", "never"),
				"management.endpoint.health.show-details"))
			.isEqualTo("never");
	}

	@Test
	void bindsTheSharedDefaultsBelowItsOwnConfiguration() {
		assertThat(this.producer.property(Map.of(), "server.shutdown")).isEqualTo("graceful");
		assertThat(this.producer.property(Map.of(), "management.endpoint.health.show-details")).isEqualTo("always");
		assertThat(this.producer.property(Map.of(), "spring.cloud.aws.sqs.listener.poll-timeout"))
			.as("a queue reader's default only")
			.isNull();
		assertThat(ServiceConfiguration.of("consumer-service", List.of())
			.property(Map.of(), "spring.cloud.aws.sqs.listener.poll-timeout")).isEqualTo("10s");
		assertThat(ServiceConfiguration.of("consumer-service", List.of("local"))
			.property(Map.of(), "management.endpoints.web.exposure.include")).endsWith(",listeners");
		assertThat(this.producer.property(Map.of(), "spring.cloud.aws.endpoint")).as("the local profile's only")
			.isNull();
		assertThat(ServiceConfiguration.of("producer-service", List.of("local"))
			.property(Map.of("AWS_ENDPOINT_URL", "http://aws:4566"), "spring.cloud.aws.endpoint"))
			.isEqualTo("http://aws:4566");
	}

}
