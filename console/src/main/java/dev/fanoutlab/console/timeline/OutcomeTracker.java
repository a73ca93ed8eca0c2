package dev.fanoutlab.console.timeline;

import java.util.List;
import java.util.Map;

import dev.fanoutlab.console.ConsoleProperties;
import dev.fanoutlab.console.queues.LiveTopology;
import dev.fanoutlab.console.queues.QueueOperations;
import dev.fanoutlab.console.queues.QueueStats;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Finds out where pending events ended: processed (the reading service's API shows the
 * order), or dead-lettered (the event is in the queue's DLQ).
 */
@Component
public class OutcomeTracker {

	private final Timeline timeline;

	private final LiveTopology topology;

	private final QueueOperations queues;

	private final ConsoleProperties properties;

	private final JsonMapper json;

	private final RestClient http;

	private final Map<String, Integer> deadLetterDepths = new java.util.concurrent.ConcurrentHashMap<>();

	OutcomeTracker(Timeline timeline, LiveTopology topology, QueueOperations queues, ConsoleProperties properties,
			JsonMapper json, RestClient servicesClient) {
		this.http = servicesClient;
		this.timeline = timeline;
		this.topology = topology;
		this.queues = queues;
		this.properties = properties;
		this.json = json;
	}

	/**
	 * Refresh the outcomes of pending events.
	 * @param depths the current depth of every queue
	 */
	public void refresh(List<QueueStats.Depth> depths) {
		for (LiveTopology.Subscription subscription : this.topology.view().subscriptions()) {
			String deadLetterQueue = subscription.deadLetterQueue();
			if (deadLetterQueue == null) {
				continue;
			}
			int depth = depths.stream()
				.filter((queue) -> queue.queue().equals(deadLetterQueue))
				.mapToInt(QueueStats.Depth::visible)
				.sum();
			// A look counts as a receive of the DLQ's messages: look only when it
			// changed.
			Integer previous = this.deadLetterDepths.put(deadLetterQueue, depth);
			if (depth > 0 && !Integer.valueOf(depth).equals(previous)) {
				this.queues.peek(deadLetterQueue).forEach((message) -> {
					String eventId = eventId(message.body(), subscription.rawMessageDelivery());
					if (eventId != null) {
						// The look itself was one more receive.
						this.timeline.deadLettered(eventId, subscription.queue(), message.receiveCount() - 1);
					}
				});
			}
		}
		for (Timeline.Entry entry : this.timeline.entries()) {
			entry.outcomes().forEach((queue, outcome) -> {
				if (("pending".equals(outcome) || "redriven".equals(outcome)) && processed(queue, entry.orderId())) {
					this.timeline.update(entry.eventId(), queue, "processed", null);
				}
			});
		}
	}

	/**
	 * The events in a DLQ now, by their source queue, to mark as redriven once moved.
	 * @param deadLetterQueue the DLQ
	 * @return event ids by source queue
	 */
	public Map<String, List<String>> deadLetters(String deadLetterQueue) {
		Map<String, List<String>> events = new java.util.HashMap<>();
		this.topology.view()
			.subscriptions()
			.stream()
			.filter((subscription) -> deadLetterQueue.equals(subscription.deadLetterQueue()))
			.findFirst()
			.ifPresent((subscription) -> events.put(subscription.queue(),
					this.queues.peek(deadLetterQueue)
						.stream()
						.map((message) -> eventId(message.body(), subscription.rawMessageDelivery()))
						.filter(java.util.Objects::nonNull)
						.toList()));
		return events;
	}

	/**
	 * Mark events as redriven to their source queue.
	 * @param events event ids by source queue, from {@link #deadLetters}
	 */
	public void redriven(Map<String, List<String>> events) {
		events.forEach((queue, eventIds) -> eventIds
			.forEach((eventId) -> this.timeline.update(eventId, queue, "redriven", null)));
	}

	private boolean processed(String queue, String orderId) {
		if (orderId == null || orderId.isBlank()) {
			return false;
		}
		for (Map.Entry<String, ConsoleProperties.Reader> reader : this.properties.readers().entrySet()) {
			if (reader.getValue().queue().equals(queue)) {
				String path = reader.getValue().lookup().replace("{orderId}", orderId);
				try {
					String body = this.http.get().uri(reader.getValue().url() + path).retrieve().body(String.class);
					JsonNode found = this.json.readTree(body);
					return !(found.isArray() && found.isEmpty());
				}
				catch (RuntimeException ex) {
					return false;
				}
			}
		}
		return false;
	}

	private String eventId(String body, boolean raw) {
		try {
			JsonNode message = this.json.readTree(body);
			if (!raw) {
				message = this.json.readTree(message.path("Message").asString());
			}
			return message.path("eventId").isMissingNode() ? null : message.path("eventId").asString();
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
