package dev.fanoutlab.console.services;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.fanoutlab.console.ConsoleProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * The services as they report themselves: health, messages processed by outcome (from
 * {@code /actuator/prometheus}), and their listeners (from {@code /actuator/listeners}).
 */
@Component
public class ServiceStats {

	private static final Pattern PROCESSED = Pattern
		.compile("(?m)^fanoutlab_messages_processed_total\\{[^}]*outcome=\"([a-z]+)\"[^}]*} ([0-9.E]+)");

	private static final Pattern PUBLISHED = Pattern
		.compile("(?m)^fanoutlab_events_published_total\\{[^}]*outcome=\"([a-z]+)\"[^}]*} ([0-9.E]+)");

	private final ConsoleProperties properties;

	private final JsonMapper json;

	private final RestClient http;

	ServiceStats(ConsoleProperties properties, JsonMapper json, RestClient servicesClient) {
		this.http = servicesClient;
		this.properties = properties;
		this.json = json;
	}

	public List<Service> services() {
		List<Service> services = new ArrayList<>();
		services.add(service("producer-service", this.properties.producer(), null, PUBLISHED));
		this.properties.readers()
			.forEach((name, reader) -> services.add(service(name, reader.url(), reader.queue(), PROCESSED)));
		return services;
	}

	/**
	 * Change a reader's listener through its {@code listeners} actuator endpoint.
	 * @param name the service
	 * @param change {@code running} and/or {@code processingDelay}
	 * @return the listener as the service reports it after the change
	 */
	public JsonNode changeListener(String name, Map<String, Object> change) {
		ConsoleProperties.Reader reader = this.properties.readers().get(name);
		if (reader == null) {
			throw new IllegalArgumentException("No service named '" + name + "' reads a queue");
		}
		String body = this.http.post()
			.uri(reader.url() + "/actuator/listeners/" + reader.queue())
			.contentType(MediaType.APPLICATION_JSON)
			.body(change)
			.retrieve()
			.body(String.class);
		return this.json.readTree(body);
	}

	private Service service(String name, URI url, String queue, Pattern counters) {
		String health = "DOWN";
		Map<String, Double> counts = new TreeMap<>();
		Boolean running = null;
		String delay = null;
		try {
			health = this.json.readTree(this.http.get().uri(url + "/actuator/health").retrieve().body(String.class))
				.path("status")
				.asString("UNKNOWN");
			Matcher matcher = counters
				.matcher(this.http.get().uri(url + "/actuator/prometheus").retrieve().body(String.class));
			while (matcher.find()) {
				counts.merge(matcher.group(1), Double.parseDouble(matcher.group(2)), Double::sum);
			}
			if (queue != null) {
				for (JsonNode listener : this.json
					.readTree(this.http.get().uri(url + "/actuator/listeners").retrieve().body(String.class))) {
					running = listener.path("running").asBoolean();
					delay = listener.path("processingDelay").asString();
				}
			}
		}
		catch (RuntimeException ex) {
			// Unreachable or not exposed: shown as it is.
		}
		return new Service(name, url.toString(), queue, health, counts, running, delay);
	}

	/**
	 * A service.
	 *
	 * @param name its name
	 * @param url its base URL
	 * @param queue the queue it reads, or {@code null}
	 * @param health its health status
	 * @param counts messages processed (or events published) by outcome
	 * @param listenerRunning whether its listener polls, or {@code null} if unknown
	 * @param processingDelay the listener's delay per message, or {@code null}
	 */
	public record Service(String name, String url, String queue, String health, Map<String, Double> counts,
			Boolean listenerRunning, String processingDelay) {

	}

}
