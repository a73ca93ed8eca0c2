package dev.fanoutlab.deployment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.fanoutlab.topology.Topology;
import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classroom stack in {@code docker-compose.yml}, read as Compose reads it. These
 * checks run without Docker; {@code make compose-test} (scripts/compose-test.sh) runs the
 * stack.
 */
class ComposeFileTests {

	/**
	 * The labs' terminal: 'docker compose run --rm toolbox lab 04', never started by
	 * 'up'.
	 */
	private static final String TOOLBOX = "toolbox";

	/** An image or build argument given as {@code ${VARIABLE:-default}}. */
	private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::-([^}]*))?}");

	/** The account LocalStack runs as, and so the one every ARN of the stack carries. */
	private static final String LOCALSTACK_ACCOUNT = "000000000000";

	private static final Pattern PINNED = Pattern.compile("[a-z0-9./_-]+:(?!latest$)[A-Za-z0-9._-]*\\d[A-Za-z0-9._-]*");

	private final Map<String, Object> compose = Repository.yaml("docker-compose.yml");

	private final Map<String, Map<String, Object>> services = map(this.compose.get("services"));

	/**
	 * The Compose Specification schema is read from {@code ../shared/schemas}, or from
	 * {@code -Dcompose.schema=<path>}. Without it the test fails;
	 * {@code -Dcompose.schema=skip} skips it explicitly and says so.
	 */
	@Test
	void validatesAgainstTheComposeSpecification() throws Exception {
		String location = System.getProperty("compose.schema",
				Repository.root().resolve("../shared/schemas/compose-spec.json").toString());
		if ("skip".equals(location)) {
			System.err.println("SKIPPED (-Dcompose.schema=skip): docker-compose.yml was not validated against "
					+ "the Compose Specification schema");
			return;
		}
		Path schema = Path.of(location);
		assertThat(schema).as("the Compose Specification schema (-Dcompose.schema=<path>, or =skip to skip)").exists();
		ObjectMapper json = new ObjectMapper();
		JsonNode document = json.valueToTree(this.compose);
		// The schema's relative $id ('compose_spec.json') is not a URI the validator
		// accepts.
		ObjectNode specification = (ObjectNode) json.readTree(schema.toFile());
		specification.remove("$id");
		Set<ValidationMessage> errors = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
			.getSchema(specification)
			.validate(document);
		assertThat(errors).isEmpty();
	}

	@Test
	void pinsEveryImageAndEveryImageDefaultToAVersion() {
		this.services.forEach((name, service) -> {
			String image = (String) service.get("image");
			assertThat(image).as(name).isNotNull();
			Matcher variable = VARIABLE.matcher(image);
			if (variable.matches()) {
				assertThat(variable.group(1)).as(name + " image variable").endsWith("_IMAGE");
				assertThat(variable.group(2)).as(name + " default image").isNotNull().matches(PINNED);
			}
			else {
				assertThat(image).as(name).matches(PINNED);
			}
		});
		buildArgs().forEach((arg, value) -> {
			Matcher variable = VARIABLE.matcher(value);
			assertThat(variable.matches()).as(arg + " is a variable with a default").isTrue();
			assertThat(variable.group(2)).as(arg).matches(PINNED);
		});
	}

	@Test
	void runsTheAwsEmulatorByDefaultPinnedToTheLastTokenFreeLocalStack() {
		assertThat(this.services.get("aws").get("image")).isEqualTo("${AWS_IMAGE:-localstack/localstack:4.14.0}");
		assertThat(map(this.services.get("aws").get("environment"))).containsKey("LOCALSTACK_AUTH_TOKEN");
	}

	@Test
	void checksTheAwsEmulatorsHealthWithAnAwsApiCallNotALocalStackEndpoint() {
		String test = String.valueOf(map(this.services.get("aws").get("healthcheck")).get("test"));
		assertThat(test).doesNotContainIgnoringCase("localstack").contains("Action=ListQueues").contains("4566");
	}

	@Test
	void passesTheDockerfilesBaseImageDefaultsAsBuildArguments() {
		String dockerfile = Repository.text("Dockerfile");
		// A syntax directive makes every build fetch its frontend from Docker Hub.
		assertThat(dockerfile).doesNotContainPattern("(?im)^#\\s*syntax\\s*=");
		Map<String, String> args = buildArgs();
		assertThat(args).containsOnlyKeys("JDK_IMAGE", "JRE_IMAGE");
		args.forEach((arg, value) -> {
			Matcher variable = VARIABLE.matcher(value);
			assertThat(variable.matches()).as(arg).isTrue();
			assertThat(variable.group(1)).as(arg).isEqualTo(arg);
			assertThat(dockerfile).as("the Dockerfile's default for " + arg)
				.containsPattern("(?m)^ARG " + arg + "=" + Pattern.quote(variable.group(2)) + "$");
			assertThat(dockerfile).containsPattern("(?m)^FROM \\$\\{" + arg + "\\} AS ");
		});
	}

	@Test
	void namesEveryOfflineImageAsTheProjectsOwn() {
		Map<String, String> offline = envFile("docker/offline.env");
		assertThat(offline).containsKeys("JDK_IMAGE", "JRE_IMAGE", "AWS_IMAGE", "MAIL_IMAGE", "PROMETHEUS_IMAGE");
		offline.forEach((variable, value) -> {
			if (variable.equals("DEBIAN_IMAGE")) {
				// The toolbox's base: the Debian release base-images.sh bootstraps, by
				// its codename.
				assertThat(value).isEqualTo("fanout-lab/debian:bookworm");
				assertThat(Repository.text("scripts/base-images.sh"))
					.contains("debootstrap --variant=minbase bookworm");
			}
			else if (variable.endsWith("_IMAGE")) {
				assertThat(value).as(variable).startsWith("fanout-lab/").matches(PINNED);
				assertThat(Repository.text("scripts/base-images.sh")).as("base-images.sh builds " + value)
					.contains(value.substring(0, value.indexOf(':')));
			}
		});
		// No Grafana package exists: the offline stack runs Prometheus alone.
		assertThat(offline.get("COMPOSE_PROFILES")).isEqualTo("metrics");
	}

	@Test
	void givesEveryLongRunningServiceAHealthcheck() {
		this.services.forEach((name, service) -> {
			if (!isOneShotJob(name) && !name.equals(TOOLBOX)) {
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
	void publishesEveryApplicationServiceOnTheFixedPortMakeDemoUses() {
		// A random host port changes when the container restarts, and 'docker compose
		// port'
		// prints 0.0.0.0, which Windows cannot connect to: the labs' URLs stay those of
		// make demo.
		applicationServices().forEach((name, module) -> assertThat(ports(name)).as(name)
			.singleElement()
			.satisfies((port) -> assertThat(port.published())
				.isEqualTo("${" + name.replace("-service", "").toUpperCase(Locale.ROOT) + "_PORT:-"
						+ ApplicationConfig.of(module).port() + "}")));
	}

	@Test
	void runsTheToolboxOnlyWhenAskedWithTheLabsTheSocketAndTheStackItNeeds() {
		Map<String, Object> toolbox = this.services.get(TOOLBOX);
		assertThat(list(toolbox.get("profiles"))).containsExactly(TOOLBOX);
		assertThat(list(toolbox.get("volumes"))).contains("./docs/labs:/lab/docs/labs:ro",
				"${DOCKER_SOCKET:-/var/run/docker.sock}:/var/run/docker.sock");
		Map<String, Object> environment = map(toolbox.get("environment"));
		assertThat(environment).containsEntry("LAB_PATH", "compose")
			.containsKeys("PRODUCER", "CONSUMER", "NOTIFIER", "CONSOLE", "AWS_ENDPOINT", "MAILBOX", "ZIPKIN",
					"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION");
		assertThat(map(map(toolbox.get("depends_on")).get("console"))).containsEntry("condition", "service_healthy");
		// The console accepts changes from the toolbox: its Host header is the service
		// name.
		assertThat(String.valueOf(map(this.services.get("console").get("environment")).get("CONSOLE_ALLOWED_HOSTS")))
			.isEqualTo("${CONSOLE_ALLOWED_HOSTS:-console}");
		Map<String, Object> build = map(toolbox.get("build"));
		assertThat(build).containsEntry("context", "docker/toolbox");
		String debianImage = String.valueOf(map(build.get("args")).get("DEBIAN_IMAGE"));
		Matcher variable = VARIABLE.matcher(debianImage);
		assertThat(variable.matches()).as(debianImage).isTrue();
		assertThat(Repository.text("docker/toolbox/Dockerfile"))
			.containsPattern("(?m)^ARG DEBIAN_IMAGE=" + Pattern.quote(variable.group(2)) + "$")
			.containsPattern("(?m)^FROM \\$\\{DEBIAN_IMAGE\\}$");
	}

	@Test
	void bindsEveryHostPortToLoopbackUnlessBindAddressOpensIt() {
		this.services.keySet().forEach((name) -> ports(name).forEach((port) -> {
			assertThat(port.hostIp()).as(name + " host address of " + port).isEqualTo("${BIND_ADDRESS:-127.0.0.1}");
			assertThat(port.published()).as(name + " host port of " + port)
				.matches("\\$\\{[A-Z]+_PORT:-" + port.target() + "}|\\$\\{[A-Z]+_PORT:-\\d+}");
		}));
	}

	@Test
	void runsPrometheusAndGrafanaInAProfileTheClassroomDefaultTurnsOn() {
		assertThat(list(this.services.get("prometheus").get("profiles"))).contains("observability", "metrics");
		assertThat(list(this.services.get("grafana").get("profiles"))).containsExactly("observability");
		assertThat(envFile(".env").get("COMPOSE_PROFILES")).isEqualTo("observability");
		this.services.forEach((name, service) -> {
			if (!name.equals("prometheus") && !name.equals("grafana") && !name.equals(TOOLBOX)) {
				assertThat(service.get("profiles")).as(name + " runs in every profile").isNull();
			}
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
			Object profiles = environment.get("SPRING_PROFILES_ACTIVE");
			// With the shared defaults (service-defaults, messaging-support) of the
			// active
			// profiles, as the service reads them.
			ServiceConfiguration service = ServiceConfiguration.of(module,
					(profiles != null) ? List.of(String.valueOf(profiles).split(",")) : List.of());
			environment.forEach((variable, value) -> {
				if (variable.equals("SPRING_PROFILES_ACTIVE")) {
					assertThat(config.profiles()).as(name + " profiles").contains(String.valueOf(value));
				}
				else if (!variable.startsWith("AWS_")) {
					assertThat(service.placeholders()).as(name + " reads " + variable).contains(variable);
				}
			});
		});
	}

	@Test
	void pointsTheNotifierAtTheMailServicesSmtpPort() {
		Map<String, Object> environment = map(this.services.get("notifier-service").get("environment"));
		String host = String.valueOf(environment.get("SMTP_HOST"));
		assertThat(this.services).as("SMTP_HOST names a service").containsKey(host);
		assertThat(map(map(this.services.get("notifier-service").get("depends_on")).get(host)))
			.containsEntry("condition", "service_healthy");
		String options = String.valueOf(map(this.services.get(host).get("environment")).get("GREENMAIL_OPTS"));
		Matcher explicit = Pattern.compile("-Dgreenmail\\.smtp\\.port=(\\d+)").matcher(options);
		String smtpPort = explicit.find() ? explicit.group(1)
				: options.matches(".*-Dgreenmail\\.setup\\.test\\.(smtp|all)\\b.*") ? "3025" : "none";
		assertThat(String.valueOf(environment.get("SMTP_PORT"))).as("SMTP_PORT vs the SMTP port of " + host)
			.isEqualTo(smtpPort);
	}

	@Test
	void pointsEveryServiceUrlAtAServiceAndThePortItListensOn() {
		Map<String, String> modules = applicationServices();
		this.services.forEach((name, service) -> {
			Map<String, Object> environment = map(service.get("environment"));
			if (environment == null) {
				return;
			}
			environment.forEach((variable, value) -> {
				Matcher url = Pattern.compile("https?://([a-z0-9-]+):(\\d+)(/.*)?").matcher(String.valueOf(value));
				if (!url.matches()) {
					return;
				}
				String host = url.group(1);
				int port = Integer.parseInt(url.group(2));
				assertThat(this.services).as(name + " " + variable + " names a service").containsKey(host);
				if (modules.containsKey(host)) {
					assertThat(port).as(name + " " + variable)
						.isEqualTo(ApplicationConfig.of(modules.get(host)).port());
					if (host.equals(name)) {
						// A service's own address as others call it back (the console's
						// CONSOLE_WEBHOOK_URL, for SNS): only its port is checked.
						return;
					}
					// The toolbox uses the names of docs/labs/lab.sh (PRODUCER), the
					// console NAME_URL.
					assertThat(variable).as(name + " " + variable + " is named after " + host)
						.isEqualTo(host.replace("-service", "").toUpperCase(Locale.ROOT)
								+ (name.equals(TOOLBOX) ? "" : "_URL"));
				}
				else {
					assertThat(ports(host)).as(name + " " + variable + ": a port " + host + " listens on")
						.anySatisfy((published) -> assertThat(published.target()).isEqualTo(port));
				}
			});
		});
	}

	@Test
	void usesTheEmulatorsAccountInEveryArn() {
		String account = String.valueOf(map(this.services.get("aws").get("environment")).get("MOTO_ACCOUNT_ID"));
		assertThat(account).as("moto's account, set to LocalStack's").isEqualTo(LOCALSTACK_ACCOUNT);
		List<String> arns = new ArrayList<>();
		this.services.forEach((name, service) -> {
			Map<String, Object> environment = map(service.get("environment"));
			if (environment != null) {
				environment.values()
					.stream()
					.map(String::valueOf)
					.filter((value) -> value.startsWith("arn:"))
					.forEach((arn) -> {
						arns.add(arn);
						assertThat(arn.split(":")[4]).as(name + " " + arn).isEqualTo(account);
					});
			}
		});
		assertThat(arns).isNotEmpty();
	}

	@Test
	void pointsTheProducerAtTheTopicTheProvisionerCreates() {
		String topicArn = String
			.valueOf(map(this.services.get("producer-service").get("environment")).get("ORDERS_TOPIC_ARN"));
		assertThat(topicArn).endsWith(":" + Topology.fanoutLab().topicName());
		String fifoTopicArn = String
			.valueOf(map(this.services.get("producer-service").get("environment")).get("ORDERS_FIFO_TOPIC_ARN"));
		assertThat(fifoTopicArn).isEqualTo(topicArn + Topology.FIFO_SUFFIX);
	}

	/** The published ports of a service, short or long syntax. */
	private List<PortMapping> ports(String name) {
		return list(this.services.get(name).get("ports")).stream().map(PortMapping::of).toList();
	}

	/** The build arguments every built service shares (besides SERVICE). */
	private Map<String, String> buildArgs() {
		Map<String, String> args = new TreeMap<>();
		this.services.forEach((name, service) -> {
			Map<String, Object> build = map(service.get("build"));
			if (build != null && !name.equals(TOOLBOX)) {
				Map<String, Object> serviceArgs = map(build.get("args"));
				assertThat(serviceArgs).as(name + " build args").isNotNull();
				serviceArgs.forEach((arg, value) -> {
					if (!arg.equals("SERVICE")) {
						args.put(arg, String.valueOf(value));
					}
				});
			}
		});
		return args;
	}

	/**
	 * A {@code .env} file as Compose reads it: VARIABLE=value lines, comments ignored.
	 */
	static Map<String, String> envFile(String relative) {
		Map<String, String> variables = new LinkedHashMap<>();
		Repository.text(relative).lines().map(String::strip).forEach((line) -> {
			if (!line.isEmpty() && !line.startsWith("#")) {
				variables.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
			}
		});
		return variables;
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
		Map<String, String> modules = new TreeMap<>();
		this.services.forEach((name, service) -> {
			Map<String, Object> build = map(service.get("build"));
			if (build != null && build.get("args") != null && map(build.get("args")).containsKey("SERVICE")) {
				modules.put(name, String.valueOf(map(build.get("args")).get("SERVICE")));
			}
		});
		assertThat(modules).containsOnlyKeys("producer-service", "consumer-service", "notifier-service", "console");
		return modules;
	}

	/**
	 * One published port: {@code hostIp} and {@code published} empty when not given.
	 * Short syntax {@code [[IP:]HOST:]CONTAINER}, where IP and HOST may be
	 * {@code ${VAR:-default}}; long syntax {@code {target, published, host_ip}}.
	 */
	record PortMapping(String hostIp, String published, int target) {

		static PortMapping of(Object port) {
			if (port instanceof Map<?, ?> longSyntax) {
				Object published = longSyntax.get("published");
				Object hostIp = longSyntax.get("host_ip");
				return new PortMapping((hostIp != null) ? String.valueOf(hostIp) : "",
						(published != null) ? String.valueOf(published) : "",
						Integer.parseInt(String.valueOf(longSyntax.get("target"))));
			}
			List<String> parts = new ArrayList<>();
			StringBuilder part = new StringBuilder();
			int depth = 0;
			for (char c : String.valueOf(port).replaceFirst("/(tcp|udp)$", "").toCharArray()) {
				if (c == ':' && depth == 0) {
					parts.add(part.toString());
					part.setLength(0);
					continue;
				}
				depth += (c == '{') ? 1 : (c == '}') ? -1 : 0;
				part.append(c);
			}
			parts.add(part.toString());
			int target = Integer.parseInt(parts.get(parts.size() - 1));
			return switch (parts.size()) {
				case 1 -> new PortMapping("", "", target);
				case 2 -> new PortMapping("", parts.get(0), target);
				case 3 -> new PortMapping(parts.get(0), parts.get(1), target);
				default -> throw new IllegalArgumentException("not a port mapping: " + port);
			};
		}

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
			Set<String> names = new HashSet<>();
			Matcher matcher = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]").matcher(this.text);
			while (matcher.find()) {
				names.add(matcher.group(1));
			}
			return names;
		}

		Set<String> profiles() {
			Set<String> names = new HashSet<>();
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
