package dev.fanoutlab.console.services;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.fanoutlab.console.ConsoleProperties;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * The services as they report themselves: health ({@code /actuator/health}), messages
 * processed or events published by outcome (read as data from
 * {@code /actuator/metrics/{name}}, see {@link ServiceMetrics}), and their listeners
 * ({@code /actuator/listeners}).
 */
@Component
public class ServiceStats {

	/** Counted by messaging-support's {@code ProcessingMetrics} in each reader. */
	static final String PROCESSED = "fanoutlab.messages.processed";

	/** Counted by producer-service's publisher. */
	static final String PUBLISHED = "fanoutlab.events.published";

	private final ConsoleProperties properties;

	private final JsonMapper json;

	private final RestClient http;

	private final ServiceMetrics metrics;

	ServiceStats(ConsoleProperties properties, JsonMapper json, RestClient servicesClient) {
		this.http = servicesClient;
		this.properties = properties;
		this.json = json;
		this.metrics = new ServiceMetrics(servicesClient, json);
	}

	public List<Service> services() {
		List<Service> services = new ArrayList<>();
		services.add(service("producer-service", this.properties.producer(), null, PUBLISHED));
		this.properties.readers()
			.forEach((name, reader) -> services.add(service(name, reader.url(), reader.queue(), PROCESSED)));
		return services;
	}

	/**
	 * Change a reader's listeners (one per queue it reads: both lanes) through its
	 * {@code listeners} actuator endpoint, all at once.
	 * @param name the service
	 * @param change {@code running} and/or {@code processingDelay}
	 * @return the listeners as the service reports them after the change
	 * @throws IllegalArgumentException if no reader has that name
	 */
	JsonNode changeListener(String name, Map<String, Object> change) {
		ConsoleProperties.Reader reader = this.properties.readers().get(name);
		if (reader == null) {
			throw new IllegalArgumentException("No service named '" + name + "' reads a queue");
		}
		String body = this.http.post()
			.uri(reader.url() + "/actuator/listeners")
			.contentType(MediaType.APPLICATION_JSON)
			.body(change)
			.retrieve()
			.body(String.class);
		return this.json.readTree(body);
	}

	private Service service(String name, URI url, @Nullable String queue, String counter) {
		String health = "DOWN";
		Map<String, Double> counts = new TreeMap<>();
		Boolean running = null;
		boolean stopping = false;
		String delay = null;
		try {
			health = this.json.readTree(this.http.get().uri(url + "/actuator/health").retrieve().body(String.class))
				.path("status")
				.asString("UNKNOWN");
			counts.putAll(this.metrics.countsByOutcome(url, counter));
			if (queue != null) {
				for (JsonNode listener : this.json
					.readTree(this.http.get().uri(url + "/actuator/listeners").retrieve().body(String.class))) {
					// Running while any of its listeners runs (or is still stopping): a
					// reader of both lanes has two; paused once both have stopped.
					running = ((running != null) && running) || listener.path("running").asBoolean();
					stopping = stopping || listener.path("stopping").asBoolean();
					delay = listener.path("processingDelay").asString();
				}
			}
		}
		catch (RuntimeException ex) {
			// Unreachable or not exposed: shown as it is.
		}
		return new Service(name, url.toString(), queue, health, counts, running, stopping, delay);
	}

	/**
	 * A service.
	 *
	 * @param name its name
	 * @param url its base URL
	 * @param queue the queue it reads, or {@code null}
	 * @param health its health status
	 * @param counts messages processed (or events published) by outcome
	 * @param listenerRunning whether any of its listeners polls (or is still stopping),
	 * or {@code null} if unknown
	 * @param listenerStopping whether a pause is under way (in-flight messages finishing)
	 * @param processingDelay the listener's delay per message, or {@code null}
	 */
	public record Service(String name, String url, @Nullable String queue, String health, Map<String, Double> counts,
			@Nullable Boolean listenerRunning, boolean listenerStopping, @Nullable String processingDelay) {

	}

}
