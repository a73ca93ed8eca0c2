package dev.fanoutlab.console.timeline;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.fanoutlab.console.ConsoleProperties;
import dev.fanoutlab.console.queues.DeadLetterQueueRedriven;
import dev.fanoutlab.console.queues.LiveTopology;
import org.jspecify.annotations.Nullable;
import software.amazon.payloadoffloading.PayloadS3Pointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Finds out where pending events ended: processed (the reading service's API shows the
 * order), dead-lettered (the event is in the queue's DLQ), or redriven (moved back from
 * the DLQ). On both lanes: a reader's FIFO queue is looked up at the same reader, and the
 * FIFO queues' DLQs are looked into as the standard ones. A claim-checked event is
 * recognised in a DLQ by its pointer.
 */
@Component
public class OutcomeTracker {

	private final Timeline timeline;

	private final LiveTopology topology;

	private final ConsoleProperties properties;

	private final JsonMapper json;

	private final RestClient http;

	private final Map<String, Integer> deadLetterDepths = new ConcurrentHashMap<>();

	OutcomeTracker(Timeline timeline, LiveTopology topology, ConsoleProperties properties, JsonMapper json,
			RestClient servicesClient) {
		this.http = servicesClient;
		this.timeline = timeline;
		this.topology = topology;
		this.properties = properties;
		this.json = json;
	}

	/**
	 * Refresh the outcomes of pending events.
	 * @param depths the current depth of every queue
	 */
	public void refresh(List<LiveTopology.Depth> depths) {
		for (LiveTopology.Subscription subscription : this.topology.view().subscriptions()) {
			String deadLetterQueue = subscription.deadLetterQueue();
			if (deadLetterQueue == null) {
				continue;
			}
			int depth = depths.stream()
				.filter((queue) -> queue.queue().equals(deadLetterQueue))
				.mapToInt(LiveTopology.Depth::visible)
				.sum();
			// A look counts as a receive of the DLQ's messages: look only when it
			// changed.
			Integer previous = this.deadLetterDepths.put(deadLetterQueue, depth);
			if (depth > 0 && !Integer.valueOf(depth).equals(previous)) {
				this.topology.peek(deadLetterQueue).forEach((message) -> {
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
				if (outcome.awaitsProcessing() && processed(queue, entry.orderId())) {
					this.timeline.update(entry.eventId(), queue, Outcome.PROCESSED);
				}
			});
		}
	}

	/**
	 * Mark the events moved back from a dead-letter queue as redriven.
	 * @param event the redrive
	 */
	@EventListener
	void on(DeadLetterQueueRedriven event) {
		this.topology.view().of(event.sourceQueue()).ifPresent((subscription) -> event.bodies().forEach((body) -> {
			String eventId = eventId(body, subscription.rawMessageDelivery());
			if (eventId != null) {
				this.timeline.update(eventId, subscription.queue(), Outcome.REDRIVEN);
			}
		}));
	}

	private boolean processed(String queue, String orderId) {
		if (orderId.isBlank()) {
			return false;
		}
		for (ConsoleProperties.Reader reader : this.properties.readers().values()) {
			if (reader.reads(queue)) {
				String path = reader.lookup().replace("{orderId}", orderId);
				try {
					String body = this.http.get().uri(reader.url() + path).retrieve().body(String.class);
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

	/**
	 * The event id of a message as a queue received it: the event's own, or, for a claim
	 * check, that of the timeline entry which came with the same pointer (its S3 key), so
	 * a claim-checked event is followed without fetching it again, even once its payload
	 * is gone.
	 */
	private @Nullable String eventId(String body, boolean raw) {
		try {
			String message = body;
			if (!raw) {
				message = this.json.readTree(body).path("Message").asString();
			}
			JsonNode event = this.json.readTree(message);
			if (event.isArray()) {
				return this.timeline.eventIdOfClaimCheck(PayloadS3Pointer.fromJson(message).getS3Key());
			}
			return event.path("eventId").isMissingNode() ? null : event.path("eventId").asString();
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
