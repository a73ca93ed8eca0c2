package dev.fanoutlab.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import com.icegreen.greenmail.util.GreenMail;
import dev.fanoutlab.testsupport.LocalAws;
import dev.fanoutlab.testsupport.Ports;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole system: the three services as separate processes, started from their jars
 * with the {@code local} profile as {@code make demo} starts them, against the local AWS
 * backend and a real SMTP server. Only HTTP goes in; only HTTP, queues and mail are
 * observed.
 */
class FanoutIntegrationTests {

	static final LocalAws aws = WholeSystem.aws;

	static final GreenMail smtp = WholeSystem.smtp;

	static ServiceProcess producer;

	static ServiceProcess consumer;

	static ServiceProcess notifier;

	final JsonMapper json = JsonMapper.builder().build();

	final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void startTheSystem() {
		WholeSystem.start();
		producer = WholeSystem.producer;
		consumer = WholeSystem.consumer;
		notifier = WholeSystem.notifier;
	}

	@BeforeEach
	void startClean() throws Exception {
		aws.reset();
		smtp.purgeEmailFromAllMailboxes();
	}

	@Test
	void anOrderIsFulfilledAndExactlyOneEmailArrives() throws Exception {
		String orderId = placeOrder("ada@example.com", true);

		await()
			.untilAsserted(() -> assertThat(get(consumer.uri("/api/orders/" + orderId)).statusCode()).isEqualTo(200));
		await().until(() -> smtp.getReceivedMessages().length == 1);
		assertThat(smtp.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo("ada@example.com");
		JsonNode notifications = this.json.readTree(get(notifier.uri("/api/notifications?orderId=" + orderId)).body());
		assertThat(notifications).hasSize(1);
		await().during(Duration.ofSeconds(2)).until(() -> smtp.getReceivedMessages().length == 1);
	}

	/**
	 * The console reads each service's counters as data from its actuator metrics
	 * endpoint: after one order, each service shows what it counted.
	 */
	@Test
	void theConsoleShowsWhatEachServiceCounted() throws Exception {
		String orderId = placeOrder("ada@example.com", true);
		await().until(() -> smtp.getReceivedMessages().length == 1);
		assertThat(get(consumer.uri("/api/orders/" + orderId)).statusCode()).isEqualTo(200);

		await().untilAsserted(() -> {
			JsonNode services = this.json.readTree(get(WholeSystem.console.uri("/api/snapshot")).body())
				.get("services");
			assertThat(services).isNotNull();
			for (String name : List.of("producer-service", "consumer-service", "notifier-service")) {
				JsonNode service = null;
				for (JsonNode candidate : services) {
					if (name.equals(candidate.get("name").asString())) {
						service = candidate;
					}
				}
				assertThat(service).as(name).isNotNull();
				double counted = 0;
				for (JsonNode count : service.get("counts")) {
					counted += count.asDouble();
				}
				assertThat(counted).as(name + " counts in the console: " + service).isGreaterThanOrEqualTo(1);
			}
		});
	}

	/**
	 * With the notifier's listener paused, the queue shows what SNS delivered: the
	 * opted-in order only. (The notifier also skips opted-out orders, so its mailbox
	 * alone would not prove the filter policy.)
	 */
	@Test
	void anOrderOutsideTheNotifierFilterPolicyIsFulfilledAndNeverReachesTheNotificationsQueue() throws Exception {
		pause(notifier, "order-notifications");
		String quiet;
		String loud;
		try {
			quiet = placeOrder("quiet@example.com", false);
			loud = placeOrder("loud@example.com", true);

			await().until(() -> aws.visibleMessages("order-notifications") >= 1);
			List<Message> queued = aws.sqs()
				.receiveMessage((request) -> request.queueUrl(aws.provisioned().queueUrl("order-notifications"))
					.maxNumberOfMessages(10)
					.waitTimeSeconds(1)
					.visibilityTimeout(0))
				.messages();
			assertThat(queued).as("only the opted-in order reached order-notifications")
				.singleElement()
				.satisfies((message) -> assertThat(message.body()).contains(loud).doesNotContain(quiet));
			assertThat(aws.messages("order-notifications")).isEqualTo(1);
		}
		finally {
			assertThat(listener(notifier, "order-notifications", "{\"running\": true}")).contains("\"running\":true");
		}

		await().untilAsserted(() -> assertThat(get(consumer.uri("/api/orders/" + quiet)).statusCode()).isEqualTo(200));
		await().until(() -> smtp.getReceivedMessages().length == 1);
		assertThat(smtp.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo("loud@example.com");
		assertThat(this.json.readTree(get(notifier.uri("/api/notifications?orderId=" + quiet)).body())).isEmpty();
	}

	@Test
	void ordersPlacedWhileConsumerServiceIsStoppedAreAllFulfilledAfterItStartsAgain() throws Exception {
		consumer.stop();
		List<String> orders;
		try {
			orders = IntStream.range(0, 5).mapToObj((i) -> placeOrder("buyer" + i + "@example.com", false)).toList();
			assertThat(aws.visibleMessages("order-fulfilment")).as("the backlog while nobody consumes").isEqualTo(5);
		}
		finally {
			consumer.start();
		}
		consumer.awaitHealthy();

		await().untilAsserted(() -> assertThat(orders).allSatisfy(
				(orderId) -> assertThat(get(consumer.uri("/api/orders/" + orderId)).statusCode()).isEqualTo(200)));
	}

	@Test
	void inFlightOrdersFinishBeforeConsumerServiceExitsOnSigterm() {
		consumer.stop();
		List<String> orders = IntStream.range(0, 6)
			.mapToObj((i) -> placeOrder("busy" + i + "@example.com", false))
			.toList();
		consumer.start("--fanout-lab.listener.processing-delay=3s");
		await("orders in flight").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> aws.inFlightMessages("order-fulfilment") > 0);

		consumer.stop();

		assertThat(aws.inFlightMessages("order-fulfilment") + aws.visibleMessages("order-fulfilment"))
			.as("left on the queue")
			.isZero();
		assertThat(fulfilledOrderIds()).as("fulfilled before the process exited").containsAll(orders);
		consumer.start().awaitHealthy();
		await("every order fulfilled").atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(orders).allSatisfy(
					(orderId) -> assertThat(get(consumer.uri("/api/orders/" + orderId)).statusCode()).isEqualTo(200)));
		assertThat(aws.visibleMessages("order-fulfilment-dlq")).isZero();
	}

	/**
	 * Prometheus itself (Debian's 2.42, as in the classroom stack) scrapes every service
	 * after traced work, when their metrics carry exemplars (trace ids): it refuses a
	 * whole scrape over one exemplar where OpenMetrics allows none.
	 */
	@Test
	void prometheusScrapesEveryServiceAfterTracedWork() throws Exception {
		String orderId = placeOrder("scraped@example.com", true);
		await()
			.untilAsserted(() -> assertThat(get(consumer.uri("/api/orders/" + orderId)).statusCode()).isEqualTo(200));
		Path home = Files.createTempDirectory("prometheus");
		StringBuilder config = new StringBuilder("global:\n  scrape_interval: 1s\nscrape_configs:\n");
		for (ServiceProcess service : List.of(producer, consumer, notifier, WholeSystem.console)) {
			config.append("  - job_name: ")
				.append(service.name())
				.append("\n    metrics_path: /actuator/prometheus\n")
				.append("    static_configs: [{targets: ['")
				.append(service.uri("").getAuthority())
				.append("']}]\n");
		}
		Files.writeString(home.resolve("prometheus.yml"), config);
		int port = Ports.free();
		Process prometheus = new ProcessBuilder("prometheus", "--config.file=" + home.resolve("prometheus.yml"),
				"--web.listen-address=127.0.0.1:" + port, "--storage.tsdb.path=" + home.resolve("data"))
			.redirectErrorStream(true)
			.redirectOutput(home.resolve("prometheus.log").toFile())
			.start();
		try {
			URI targets = URI.create("http://127.0.0.1:" + port + "/api/v1/targets");
			await("Prometheus scrapes every service").atMost(Duration.ofSeconds(60))
				.ignoreExceptions()
				.untilAsserted(() -> {
					JsonNode active = this.json.readTree(get(targets).body()).path("data").path("activeTargets");
					assertThat(active).hasSize(4);
					for (JsonNode target : active) {
						assertThat(target.path("health").asString())
							.as(target.path("labels").path("job").asString() + ": "
									+ target.path("lastError").asString())
							.isEqualTo("up");
					}
				});
		}
		finally {
			prometheus.destroy();
			prometheus.waitFor();
		}
	}

	@Test
	void everyMetricTheGrafanaDashboardQueriesIsExposedByTheRunningServices() throws Exception {
		String orderId = placeOrder("metrics@example.com", true);
		await()
			.untilAsserted(() -> assertThat(get(consumer.uri("/api/orders/" + orderId)).statusCode()).isEqualTo(200));
		await().until(() -> smtp.getReceivedMessages().length == 1);
		Set<String> exposed = new HashSet<>();
		for (ServiceProcess service : List.of(producer, consumer, notifier)) {
			get(service.uri("/actuator/prometheus")).body()
				.lines()
				.filter((line) -> !line.startsWith("#") && !line.isBlank())
				.map((line) -> line.replaceAll("[{ ].*", ""))
				.forEach(exposed::add);
		}
		String dashboard = Files.readString(Path.of(System.getProperty("fanoutlab.root", ".."),
				"observability/grafana/dashboards/fanout-lab.json"));
		Matcher metric = Pattern.compile("fanoutlab_[a-z_]+").matcher(dashboard);
		Set<String> queried = new TreeSet<>();
		while (metric.find()) {
			queried.add(metric.group());
		}

		assertThat(queried).contains("fanoutlab_queue_messages", "fanoutlab_events_latency_seconds_bucket");
		assertThat(exposed).containsAll(queried);
	}

	@Test
	void pausingTheConsumerListenerBuildsABacklogThatDrainsWhenItResumes() throws Exception {
		pause(consumer, "order-fulfilment");
		List<String> orders;
		try {
			orders = IntStream.range(0, 3).mapToObj((i) -> placeOrder("paused" + i + "@example.com", false)).toList();
			assertThat(aws.visibleMessages("order-fulfilment")).isEqualTo(3);
		}
		finally {
			assertThat(listener(consumer, "order-fulfilment", "{\"running\": true}")).contains("\"running\":true");
		}

		await().untilAsserted(() -> assertThat(orders).allSatisfy(
				(orderId) -> assertThat(get(consumer.uri("/api/orders/" + orderId)).statusCode()).isEqualTo(200)));
		assertThat(aws.messages("order-fulfilment")).isZero();
	}

	/**
	 * Pauses a listener and waits until it has stopped: the endpoint answers within 2 s,
	 * while the stop waits for in-flight messages and a long poll on its way.
	 */
	private void pause(ServiceProcess service, String id) throws Exception {
		listener(service, id, "{\"running\": false}");
		await(id + " stopped").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			boolean running = true;
			for (JsonNode listener : this.json.readTree(get(service.uri("/actuator/listeners")).body())) {
				if (listener.path("id").asString().equals(id)) {
					running = listener.path("running").asBoolean();
				}
			}
			assertThat(running).isFalse();
		});
	}

	private String listener(ServiceProcess service, String id, String body) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(service.uri("/actuator/listeners/" + id))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response.body().replace(" ", "");
	}

	private String placeOrder(String email, boolean notify) {
		String body = """
				{"customerEmail":"%s","notifyCustomer":%s,"items":[{"sku":"BOOK-42","quantity":1,"unitPrice":12.50}]}"""
			.formatted(email, notify);
		try {
			HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(producer.uri("/api/orders"))
				.header("Content-Type", "application/json")
				.header("Idempotency-Key", UUID.randomUUID().toString())
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
			return this.json.readTree(response.body()).get("orderId").asString();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private List<String> fulfilledOrderIds() {
		return aws.dynamoDb()
			.scan((request) -> request.tableName("fanout-lab-fulfilments"))
			.items()
			.stream()
			.map((item) -> item.get("orderId").s())
			.toList();
	}

	private HttpResponse<String> get(URI uri) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
	}

}
