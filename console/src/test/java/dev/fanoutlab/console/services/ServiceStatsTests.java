package dev.fanoutlab.console.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.fanoutlab.console.ConsoleProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.micrometer.metrics.actuate.endpoint.MetricsEndpoint;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The services' counters read as data, from a stand-in service whose
 * {@code /actuator/metrics} answers are those of the real actuator endpoint over real
 * Micrometer counters, tagged as the services tag them.
 */
class ServiceStatsTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final MeterRegistry meters = new SimpleMeterRegistry();

	private HttpServer service;

	private ServiceStats stats;

	private final List<String> listenerCalls = new CopyOnWriteArrayList<>();

	private volatile String listeners = listeners(false, false);

	@BeforeEach
	void startStandInService() throws IOException {
		this.service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		MetricsEndpoint metrics = new MetricsEndpoint(this.meters);
		this.service.createContext("/actuator/health", (exchange) -> answer(exchange, 200, "{\"status\":\"UP\"}"));
		this.service.createContext("/actuator/listeners", (exchange) -> {
			this.listenerCalls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
			answer(exchange, 200, this.listeners);
		});
		this.service.createContext("/actuator/metrics/", (exchange) -> {
			String name = exchange.getRequestURI().getPath().substring("/actuator/metrics/".length());
			String query = exchange.getRequestURI().getRawQuery();
			List<String> tags = (query != null)
					? List.of(URLDecoder.decode(query.substring("tag=".length()), StandardCharsets.UTF_8)) : null;
			MetricsEndpoint.MetricDescriptor metric = metrics.metric(name, tags);
			answer(exchange, (metric != null) ? 200 : 404,
					(metric != null) ? this.json.writeValueAsString(metric) : "");
		});
		this.service.start();
		URI url = URI.create("http://127.0.0.1:" + this.service.getAddress().getPort());
		ConsoleProperties properties = new ConsoleProperties("arn:aws:sns:us-east-1:123456789012:orders",
				"order-console", null, "order-console.fifo", url,
				Map.of("consumer-service",
						new ConsoleProperties.Reader(url, "order-fulfilment", "/api/orders/{orderId}")),
				Duration.ofSeconds(1), null, List.of(), URI.create("http://127.0.0.1:9411"));
		this.stats = new ServiceStats(properties, this.json, RestClient.create());
	}

	@AfterEach
	void stopStandInService() {
		this.service.stop(0);
	}

	@Test
	void countsMessagesProcessedByOutcomeSummedOverEveryOtherTag() {
		count("fanoutlab.messages.processed", 3, "queue", "order-fulfilment", "outcome", "success");
		count("fanoutlab.messages.processed", 1, "queue", "order-fulfilment-dlq", "outcome", "success");
		count("fanoutlab.messages.processed", 2, "queue", "order-fulfilment", "outcome", "retried");
		count("fanoutlab.messages.processed", 1, "queue", "order-fulfilment", "outcome", "failed");

		assertThat(service("consumer-service").counts())
			.isEqualTo(Map.of("failed", 1.0, "retried", 2.0, "success", 4.0));
	}

	@Test
	void countsEventsPublishedByOutcomeForTheProducer() {
		count("fanoutlab.events.published", 5, "outcome", "success");
		count("fanoutlab.events.published", 1, "outcome", "failure");

		assertThat(service("producer-service").counts()).containsEntry("success", 5.0)
			.containsEntry("failure", 1.0)
			.hasSize(2);
	}

	@Test
	void showsAServiceAsRunningUntilAllItsListenersHaveStopped() {
		this.listeners = listeners(false, true);

		assertThat(service("consumer-service").listenerRunning()).isTrue();
	}

	@Test
	void showsAPauseUnderWayWhileAListenerIsStillStopping() {
		this.listeners = listeners(true, false).replaceFirst("\"stopping\":false", "\"stopping\":true");

		ServiceStats.Service consumer = service("consumer-service");

		assertThat(consumer.listenerRunning()).isTrue();
		assertThat(consumer.listenerStopping()).isTrue();
		this.listeners = listeners(false, false);
		assertThat(service("consumer-service").listenerStopping()).isFalse();
	}

	@Test
	void pausesEveryListenerOfAServiceAtOnce() {
		this.stats.changeListener("consumer-service", Map.of("running", false));

		assertThat(this.listenerCalls).containsExactly("POST /actuator/listeners");
	}

	@Test
	void showsHealthAndListenerOfAServiceThatCountedNothingYet() {
		ServiceStats.Service consumer = service("consumer-service");

		assertThat(consumer.counts()).isEmpty();
		assertThat(consumer.health()).isEqualTo("UP");
		assertThat(consumer.listenerRunning()).isFalse();
		assertThat(consumer.processingDelay()).isEqualTo("PT2S");
	}

	/**
	 * The {@code /actuator/listeners} answer of a reader of both lanes.
	 */
	private static String listeners(boolean standardRunning, boolean fifoRunning) {
		return ("[{\"id\":\"order-fulfilment\",\"queue\":\"order-fulfilment\",\"running\":%s,\"stopping\":false,"
				+ "\"processingDelay\":\"PT2S\"},{\"id\":\"order-fulfilment-fifo\",\"queue\":\"order-fulfilment.fifo\","
				+ "\"running\":%s,\"stopping\":false,\"processingDelay\":\"PT2S\"}]")
			.formatted(standardRunning, fifoRunning);
	}

	private ServiceStats.Service service(String name) {
		return this.stats.services()
			.stream()
			.filter((service) -> service.name().equals(name))
			.findFirst()
			.orElseThrow();
	}

	private void count(String counter, int times, String... tags) {
		this.meters.counter(counter, tags).increment(times);
	}

	private static void answer(HttpExchange exchange, int status, String body) {
		try (exchange) {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(status, (bytes.length > 0) ? bytes.length : -1);
			if (bytes.length > 0) {
				exchange.getResponseBody().write(bytes);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
