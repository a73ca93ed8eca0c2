package dev.fanoutlab.console.timeline;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.fanoutlab.console.queues.LiveTopology;
import dev.fanoutlab.messaging.ClaimCheck;
import dev.fanoutlab.messaging.PermanentFailureException;
import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.payloadoffloading.PayloadS3Pointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;

/**
 * Reads the console's own queues, one per lane: every event published to a topic arrives
 * here in its SNS envelope, which tells when SNS accepted it and with which message
 * attributes. The subscriptions' filter policies on the same lane then say which other
 * queues received it. On the FIFO lane, SQS adds the message group id and sequence number
 * as system attributes.
 * <p>
 * An event over 256 KiB arrives as a claim check: the envelope's {@code Message} is the
 * SNS extended client's pointer to the event in S3, and its {@code MessageAttributes}
 * hold {@value ClaimCheck#ATTRIBUTE}. The console fetches the event with
 * {@link ClaimCheck}, as the readers do, to show its order; a payload it cannot fetch is
 * shown as such, and the message is still acknowledged: the console only watches.
 */
@Component
class ConsoleQueueListener {

	private final Timeline timeline;

	private final LiveTopology topology;

	private final JsonMapper json;

	private final ClaimCheck claimCheck;

	ConsoleQueueListener(Timeline timeline, LiveTopology topology, JsonMapper json, ClaimCheck claimCheck) {
		this.timeline = timeline;
		this.topology = topology;
		this.json = json;
		this.claimCheck = claimCheck;
	}

	@SqsListener(value = "${fanout-lab.console.queue}", id = "console")
	void on(@Payload String envelope) {
		record(envelope, LiveTopology.Subscription.STANDARD, null, null);
	}

	@SqsListener(value = "${fanout-lab.console.fifo-queue}", id = "console-fifo")
	void onFifo(@Payload String envelope,
			@Header(name = SqsHeaders.MessageSystemAttributes.SQS_MESSAGE_GROUP_ID_HEADER,
					required = false) @Nullable String messageGroupId,
			@Header(name = SqsHeaders.MessageSystemAttributes.SQS_SEQUENCE_NUMBER,
					required = false) @Nullable String sequenceNumber) {
		record(envelope, LiveTopology.Subscription.FIFO, messageGroupId, sequenceNumber);
	}

	private void record(String envelope, String lane, @Nullable String messageGroupId,
			@Nullable String sequenceNumber) {
		JsonNode notification = this.json.readTree(envelope);
		Map<String, String> attributes = new LinkedHashMap<>();
		JsonNode messageAttributes = notification.path("MessageAttributes");
		for (Map.Entry<String, JsonNode> attribute : messageAttributes.properties()) {
			attributes.put(attribute.getKey(), attribute.getValue().path("Value").asString());
		}
		String message = notification.path("Message").asString();
		Timeline.ClaimChecked claimChecked = null;
		JsonNode event;
		String size = attributes.get(ClaimCheck.ATTRIBUTE);
		if (size != null) {
			Resolved resolved = resolve(message, size);
			claimChecked = resolved.claimChecked();
			event = resolved.event();
		}
		else {
			event = readQuietly(message);
		}
		String eventId = event.path("eventId").asString(notification.path("MessageId").asString());
		List<String> receivers = this.topology.view()
			.subscriptions()
			.stream()
			.filter((subscription) -> subscription.lane().equals(lane))
			.filter((subscription) -> !LiveTopology.Subscription.CONSOLE.equals(subscription.reader()))
			.filter((subscription) -> FilterPolicy.matches(this.json, subscription.filterPolicy(), attributes))
			.map(LiveTopology.Subscription::queue)
			.toList();
		Map<String, Outcome> outcomes = new LinkedHashMap<>();
		receivers.forEach((queue) -> outcomes.put(queue, Outcome.PENDING));
		this.timeline.record(new Timeline.Entry(eventId, event.path("orderId").asString(""),
				Instant.parse(notification.path("Timestamp").asString(Instant.now().toString())), attributes, receivers,
				outcomes, new LinkedHashMap<>(), lane, messageGroupId, sequenceNumber, order(event), claimChecked));
	}

	private Resolved resolve(String pointer, String size) {
		String bucket = "";
		String key = "";
		try {
			PayloadS3Pointer s3Pointer = PayloadS3Pointer.fromJson(pointer);
			bucket = s3Pointer.getS3BucketName();
			key = s3Pointer.getS3Key();
			JsonNode event = this.json.readTree(this.claimCheck.resolve(pointer, true));
			return new Resolved(event, new Timeline.ClaimChecked(bytes(size), bucket, key, null));
		}
		catch (PermanentFailureException | SdkException ex) {
			return new Resolved(this.json.createObjectNode(),
					new Timeline.ClaimChecked(bytes(size), bucket, key, ex.getMessage()));
		}
	}

	private static long bytes(String size) {
		try {
			return Long.parseLong(size.trim());
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	static Timeline.@Nullable Order order(JsonNode event) {
		if (!event.path("orderId").isString()) {
			return null;
		}
		return new Timeline.Order(event.path("customerEmail").asString(""), event.path("items").size(),
				event.path("total").asString(""), event.path("currency").asString(""));
	}

	private JsonNode readQuietly(String message) {
		try {
			return this.json.readTree(message);
		}
		catch (RuntimeException ex) {
			return this.json.createObjectNode();
		}
	}

	private record Resolved(JsonNode event, Timeline.ClaimChecked claimChecked) {

	}

}
