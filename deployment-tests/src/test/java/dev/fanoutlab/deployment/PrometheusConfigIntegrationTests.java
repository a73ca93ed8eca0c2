package dev.fanoutlab.deployment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code promtool check config} over the classroom stack's Prometheus configuration: a
 * tool run, so it runs with the integration tests; a missing promtool fails it.
 */
class PrometheusConfigIntegrationTests {

	@Test
	void passesPromtoolCheckConfig() {
		Repository.Run check = Repository.run("promtool", "check", "config", PrometheusConfigTests.CONFIG);

		assertThat(check.exitCode()).as(check.output()).isZero();
	}

}
