package dev.fanoutlab.console.timeline;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.fanoutlab.console.queues.LiveTopology;
import io.awspring.cloud.sqs.annotation.SqsListener;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;

/**
 * Reads the console's own queue: every event published to the topic arrives here in its
 * SNS envelope, which tells when SNS accepted it and with which message attributes. The
 * subscriptions' filter policies then say which other queues received it.
 */
@Component
class ConsoleQueueListener {

	private final Timeline timeline;

	private final LiveTopology topology;

	private final JsonMapper json;

	ConsoleQueueListener(Timeline timeline, LiveTopology topology, JsonMapper json) {
		this.timeline = timeline;
		this.topology = topology;
		this.json = json;
	}

	@SqsListener(value = "${fanout-lab.console.queue}", id = "console")
	void on(@Payload String envelope) {
		JsonNode notification = this.json.readTree(envelope);
		Map<String, String> attributes = new LinkedHashMap<>();
		JsonNode messageAttributes = notification.path("MessageAttributes");
		for (Map.Entry<String, JsonNode> attribute : messageAttributes.properties()) {
			attributes.put(attribute.getKey(), attribute.getValue().path("Value").asString());
		}
		JsonNode event = readQuietly(notification.path("Message").asString());
		String eventId = event.path("eventId").asString(notification.path("MessageId").asString());
		List<String> receivers = this.topology.view()
			.subscriptions()
			.stream()
			.filter((subscription) -> !LiveTopology.Subscription.CONSOLE.equals(subscription.reader()))
			.filter((subscription) -> FilterPolicy.matches(this.json, subscription.filterPolicy(), attributes))
			.map(LiveTopology.Subscription::queue)
			.toList();
		Map<String, Outcome> outcomes = new LinkedHashMap<>();
		receivers.forEach((queue) -> outcomes.put(queue, Outcome.PENDING));
		this.timeline.record(new Timeline.Entry(eventId, event.path("orderId").asString(""),
				Instant.parse(notification.path("Timestamp").asString(Instant.now().toString())), attributes, receivers,
				outcomes, new LinkedHashMap<>()));
	}

	private JsonNode readQuietly(String message) {
		try {
			return this.json.readTree(message);
		}
		catch (RuntimeException ex) {
			return this.json.createObjectNode();
		}
	}

}
