package dev.fanoutlab.console.services;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.web.client.RestClient;

/**
 * Reads a service's counters as data, from its actuator {@code metrics} endpoint:
 * {@code GET /actuator/metrics/{name}} lists the values of the {@code outcome} tag, and
 * {@code GET /actuator/metrics/{name}?tag=outcome:{value}} answers the count of one
 * outcome summed over every other tag (such as {@code queue}): the same number as the sum
 * of the {@code {name}_total} series with that outcome in {@code /actuator/prometheus}. A
 * counter nobody incremented yet does not exist (404): no counts.
 */
class ServiceMetrics {

	static final String OUTCOME = "outcome";

	private final RestClient http;

	private final JsonMapper json;

	ServiceMetrics(RestClient http, JsonMapper json) {
		this.http = http;
		this.json = json;
	}

	/**
	 * A counter's value by outcome.
	 * @param service the service's base URL
	 * @param counter the counter, e.g. {@code fanoutlab.messages.processed}
	 * @return count by outcome, empty before the first count
	 */
	Map<String, Double> countsByOutcome(URI service, String counter) {
		Map<String, Double> counts = new TreeMap<>();
		Metric metric = read(service, counter, null);
		if (metric == null) {
			return counts;
		}
		for (String outcome : metric.tagValues(OUTCOME)) {
			Metric ofOutcome = read(service, counter, OUTCOME + ":" + outcome);
			if (ofOutcome != null) {
				counts.put(outcome, ofOutcome.count());
			}
		}
		return counts;
	}

	private @Nullable Metric read(URI service, String name, @Nullable String tag) {
		String uri = service + "/actuator/metrics/{name}" + ((tag != null) ? "?tag={tag}" : "");
		return this.http.get().uri(uri, name, tag).exchange((request, response) -> {
			if (response.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
				return null;
			}
			if (response.getStatusCode().isError()) {
				throw new IllegalStateException(request.getURI() + " answered " + response.getStatusCode());
			}
			return this.json.readValue(response.getBody(), Metric.class);
		});
	}

	/**
	 * What the {@code metrics} endpoint answers for one meter.
	 *
	 * @param name the meter
	 * @param measurements its statistics ({@code COUNT} for a counter)
	 * @param availableTags the tags it has, with their values
	 */
	record Metric(String name, List<Measurement> measurements, List<AvailableTag> availableTags) {

		double count() {
			return this.measurements.stream()
				.filter((measurement) -> "COUNT".equals(measurement.statistic()))
				.mapToDouble(Measurement::value)
				.sum();
		}

		List<String> tagValues(String tag) {
			return this.availableTags.stream()
				.filter((available) -> tag.equals(available.tag()))
				.flatMap((available) -> available.values().stream())
				.sorted()
				.toList();
		}

	}

	record Measurement(String statistic, double value) {

	}

	record AvailableTag(String tag, List<String> values) {

	}

}
