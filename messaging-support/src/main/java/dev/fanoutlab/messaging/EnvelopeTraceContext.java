package dev.fanoutlab.messaging;

import java.util.List;
import java.util.function.BiFunction;

import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageHeaderAccessor;

/**
 * Lifts the trace context out of an SNS envelope into the message headers, where Spring
 * Cloud AWS's listener observation looks for it. With raw message delivery, the
 * producer's message attributes ({@code traceparent}, {@code tracestate}) arrive as SQS
 * message attributes, which become message headers as they are. Without it (the enveloped
 * subscriptions), the SQS message has no attributes: SNS put them in the JSON body,
 * {@code {"Type":"Notification",...,"MessageAttributes":{"traceparent":{"Type":"String","Value":"00-..."}}}},
 * and the listener would start a new trace. Registered as the {@code SqsHeaderMapper}'s
 * additional headers, which apply while the message is converted, before the listener's
 * observation starts; a header of the SQS message itself wins.
 * <p>
 * A body that is not an SNS notification, or not JSON at all, yields no headers: the
 * listener decides what to do with it, as before.
 */
class EnvelopeTraceContext implements BiFunction<Message, MessageHeaderAccessor, MessageHeaders> {

	/** The W3C trace context fields that are lifted. */
	static final List<String> FIELDS = List.of("traceparent", "tracestate");

	private final JsonMapper json;

	EnvelopeTraceContext(JsonMapper json) {
		this.json = json;
	}

	@Override
	public MessageHeaders apply(Message message, MessageHeaderAccessor headers) {
		String body = message.body();
		if (body == null || !body.contains("\"MessageAttributes\"") || !body.contains("\"Notification\"")) {
			return headers.toMessageHeaders();
		}
		JsonNode attributes;
		try {
			JsonNode envelope = this.json.readTree(body);
			if (!"Notification".equals(envelope.path("Type").asString(""))) {
				return headers.toMessageHeaders();
			}
			attributes = envelope.path("MessageAttributes");
		}
		catch (JacksonException ex) {
			return headers.toMessageHeaders();
		}
		for (String field : FIELDS) {
			JsonNode value = attributes.path(field).path("Value");
			if (value.isString() && !value.asString().isEmpty()) {
				headers.setHeader(field, value.asString());
			}
		}
		return headers.toMessageHeaders();
	}

}
