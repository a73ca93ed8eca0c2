package dev.fanoutlab.deployment;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static dev.fanoutlab.deployment.ComposeFileTests.list;
import static dev.fanoutlab.deployment.ComposeFileTests.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus and Grafana configuration of the classroom stack ({@code promtool}:
 * {@link PrometheusConfigIntegrationTests}).
 */
class PrometheusConfigTests {

	static final String CONFIG = "observability/prometheus/prometheus.yml";

	@Test
	void discoversEveryReplicaOfEveryServiceThroughDockerDns() {
		Map<String, Map<String, Object>> jobs = new HashMap<>();
		list(Repository.yaml(CONFIG).get("scrape_configs"))
			.forEach((job) -> jobs.put(String.valueOf(map(job).get("job_name")), map(job)));

		for (String service : List.of("producer-service", "consumer-service", "notifier-service")) {
			Map<String, Object> job = jobs.get(service);
			assertThat(job).as(service).isNotNull().containsEntry("metrics_path", "/actuator/prometheus");
			Map<String, Object> discovery = map(list(job.get("dns_sd_configs")).get(0));
			assertThat(list(discovery.get("names"))).containsExactly(service);
			assertThat(discovery).containsEntry("type", "A")
				.containsEntry("port", ComposeFileTests.ApplicationConfig.of(service).port());
		}
	}

	@Test
	void provisionsGrafanaWithThePrometheusDatasourceTheDashboardUses() {
		Map<String, Object> datasource = map(list(
				Repository.yaml("observability/grafana/provisioning/datasources/prometheus.yml").get("datasources"))
			.get(0));
		String dashboard = Repository.text("observability/grafana/dashboards/fanout-lab.json");
		Matcher uids = Pattern.compile("\"uid\":\\s*\"([^\"]+)\"").matcher(dashboard);
		Set<String> used = new HashSet<>();
		while (uids.find()) {
			used.add(uids.group(1));
		}
		used.remove("fanout-lab");

		assertThat(datasource).containsEntry("url", "http://prometheus:9090");
		assertThat(used).containsOnly(String.valueOf(datasource.get("uid")));
	}

}
