package dev.fanoutlab.deployment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.fanoutlab.topology.Topology;
import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The classroom stack in {@code docker-compose.yml}. Docker does not run here, so these
 * checks stand in for {@code docker compose up}.
 */
class ComposeFileTests {

	/** Services 'docker compose up --scale' may run several of. */
	private static final Set<String> SCALABLE = Set.of("consumer-service", "notifier-service");

	private static final Pattern PINNED = Pattern.compile("[a-z0-9./_-]+:(?!latest$)[A-Za-z0-9._-]*\\d[A-Za-z0-9._-]*");

	private final Map<String, Object> compose = Repository.yaml("docker-compose.yml");

	private final Map<String, Map<String, Object>> services = map(this.compose.get("services"));

	@Test
	void validatesAgainstTheComposeSpecification() throws Exception {
		Path schema = Path.of(System.getProperty("compose.schema",
				Repository.root().resolve("../shared/schemas/compose-spec.json").toString()));
		assumeThat(Files.exists(schema)).as("the Compose Specification schema at " + schema).isTrue();
		ObjectMapper json = new ObjectMapper();
		JsonNode document = json.valueToTree(this.compose);
		// The schema's relative $id ('compose_spec.json') is not a URI the validator
		// accepts.
		com.fasterxml.jackson.databind.node.ObjectNode specification = (com.fasterxml.jackson.databind.node.ObjectNode) json
			.readTree(schema.toFile());
		specification.remove("$id");
		Set<ValidationMessage> errors = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
			.getSchema(specification)
			.validate(document);
		assertThat(errors).isEmpty();
	}

	@Test
	void pinsEveryImageToAVersion() {
		this.services
			.forEach((name, service) -> assertThat((String) service.get("image")).as(name).isNotNull().matches(PINNED));
	}

	@Test
	void runsTheAwsEmulatorPinnedToTheLastTokenFreeLocalStack() {
		assertThat(this.services.get("aws").get("image")).isEqualTo("localstack/localstack:4.14.0");
		assertThat(map(this.services.get("aws").get("environment"))).containsKey("LOCALSTACK_AUTH_TOKEN");
	}

	@Test
	void givesEveryLongRunningServiceAHealthcheck() {
		this.services.forEach((name, service) -> {
			if (!isOneShotJob(name)) {
				Map<String, Object> healthcheck = map(service.get("healthcheck"));
				assertThat(healthcheck).as(name + " healthcheck").isNotNull().containsKey("test");
				assertThat(healthcheck.get("disable")).as(name).isNotEqualTo(true);
			}
		});
	}

	@Test
	void checksTheServicesHealthOnTheirActuatorHealthEndpoint() {
		applicationServices().forEach((name,
				module) -> assertThat(String.valueOf(map(this.services.get(name).get("healthcheck")).get("test")))
					.as(name)
					.contains("/actuator/health")
					.contains(Integer.toString(ApplicationConfig.of(module).port())));
	}

	@Test
	void startsServicesOnlyAfterTheTopologyIsProvisionedAndDependenciesAreHealthy() {
		applicationServices().keySet().forEach((name) -> {
			Map<String, Map<String, Object>> dependsOn = map(this.services.get(name).get("depends_on"));
			assertThat(dependsOn).as(name).containsKey("provisioner");
			assertThat(dependsOn.get("provisioner")).containsEntry("condition", "service_completed_successfully");
			dependsOn.forEach(
					(dependency, condition) -> assertThat(condition.get("condition")).as(name + " on " + dependency)
						.isIn("service_healthy", "service_completed_successfully"));
		});
		assertThat(map(map(this.services.get("provisioner").get("depends_on")).get("aws"))).containsEntry("condition",
				"service_healthy");
	}

	@Test
	void provisionsWithTheProjectsOwnProvisioner() {
		Map<String, Object> build = map(this.services.get("provisioner").get("build"));
		assertThat(build).containsEntry("target", "provisioner");
		assertThat(Repository.text("Dockerfile")).containsPattern("FROM runtime AS provisioner")
			.contains("topology-0.1.0-SNAPSHOT-cli.jar");
	}

	@Test
	void publishesNoFixedHostPortForScalableServices() {
		SCALABLE.forEach((name) -> {
			List<Object> ports = list(this.services.get(name).get("ports"));
			assertThat(ports).as(name).allSatisfy((port) -> assertThat(String.valueOf(port)).doesNotContain(":"));
		});
	}

	@Test
	void givesEveryServiceMoreTimeToStopThanSpringTakesToShutDown() {
		applicationServices().forEach((name, module) -> {
			Duration grace = DurationStyle
				.detectAndParse(String.valueOf(this.services.get(name).get("stop_grace_period")));
			assertThat(grace).as(name).isGreaterThan(ApplicationConfig.of(module).shutdownPhaseTimeout());
		});
	}

	@Test
	void setsOnlyEnvironmentVariablesTheServiceReads() {
		applicationServices().forEach((name, module) -> {
			ApplicationConfig config = ApplicationConfig.of(module);
			Map<String, Object> environment = map(this.services.get(name).get("environment"));
			environment.forEach((variable, value) -> {
				if (variable.equals("SPRING_PROFILES_ACTIVE")) {
					assertThat(config.profiles()).as(name + " profiles").contains(String.valueOf(value));
				}
				else if (!variable.startsWith("AWS_")) {
					assertThat(config.placeholders()).as(name + " reads " + variable).contains(variable);
				}
			});
		});
	}

	@Test
	void pointsTheProducerAtTheTopicTheProvisionerCreates() {
		String topicArn = String
			.valueOf(map(this.services.get("producer-service").get("environment")).get("ORDERS_TOPIC_ARN"));
		assertThat(topicArn).endsWith(":" + Topology.fanoutLab().topicName());
	}

	private boolean isOneShotJob(String name) {
		return this.services.values()
			.stream()
			.map((service) -> map(service.get("depends_on")))
			.filter((dependsOn) -> dependsOn != null && dependsOn.containsKey(name))
			.anyMatch(
					(dependsOn) -> "service_completed_successfully".equals(map(dependsOn.get(name)).get("condition")));
	}

	/** Compose services built from a module of this repository, by module. */
	private Map<String, String> applicationServices() {
		Map<String, String> modules = new java.util.TreeMap<>();
		this.services.forEach((name, service) -> {
			Map<String, Object> build = map(service.get("build"));
			if (build != null && build.get("args") != null) {
				modules.put(name, String.valueOf(map(build.get("args")).get("SERVICE")));
			}
		});
		assertThat(modules).containsOnlyKeys("producer-service", "consumer-service", "notifier-service", "console");
		return modules;
	}

	@SuppressWarnings("unchecked")
	static <T> Map<String, T> map(Object value) {
		return (Map<String, T>) value;
	}

	@SuppressWarnings("unchecked")
	static List<Object> list(Object value) {
		return (value != null) ? (List<Object>) value : List.of();
	}

	/** What a service's {@code application.yml} reads. */
	record ApplicationConfig(String text) {

		static ApplicationConfig of(String module) {
			return new ApplicationConfig(Repository.text(module + "/src/main/resources/application.yml"));
		}

		Set<String> placeholders() {
			Set<String> names = new java.util.HashSet<>();
			Matcher matcher = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]").matcher(this.text);
			while (matcher.find()) {
				names.add(matcher.group(1));
			}
			return names;
		}

		Set<String> profiles() {
			Set<String> names = new java.util.HashSet<>();
			Matcher matcher = Pattern.compile("on-profile:\\s*([a-z-]+)").matcher(this.text);
			while (matcher.find()) {
				names.add(matcher.group(1));
			}
			return names;
		}

		int port() {
			Matcher matcher = Pattern.compile("(?m)^server:\\s*\\n\\s+port:\\s*(\\d+)").matcher(this.text);
			assertThat(matcher.find()).as("server.port in application.yml").isTrue();
			return Integer.parseInt(matcher.group(1));
		}

		Duration shutdownPhaseTimeout() {
			Matcher matcher = Pattern.compile("timeout-per-shutdown-phase:\\s*(\\S+)").matcher(this.text);
			return matcher.find() ? DurationStyle.detectAndParse(matcher.group(1)) : Duration.ofSeconds(30);
		}

	}

}
