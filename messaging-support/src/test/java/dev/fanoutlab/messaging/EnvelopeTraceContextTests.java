package dev.fanoutlab.messaging;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageHeaderAccessor;

import static org.assertj.core.api.Assertions.assertThat;

class EnvelopeTraceContextTests {

	private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	private final EnvelopeTraceContext traceContext = new EnvelopeTraceContext(JsonMapper.builder().build());

	@Test
	void liftsTraceparentAndTracestateOutOfAnSnsEnvelopesMessageAttributes() {
		MessageHeaders headers = headers("""
				{"Type":"Notification","MessageId":"m-1","TopicArn":"arn:aws:sns:us-east-1:123456789012:orders",
				"Message":"{\\"eventType\\":\\"OrderPlaced\\"}","MessageAttributes":{
				"eventType":{"Type":"String","Value":"OrderPlaced"},
				"traceparent":{"Type":"String","Value":"%s"},
				"tracestate":{"Type":"String","Value":"vendor=1"}}}""".formatted(TRACEPARENT));

		assertThat(headers).containsEntry("traceparent", TRACEPARENT).containsEntry("tracestate", "vendor=1");
		assertThat(headers).doesNotContainKey("eventType");
	}

	@Test
	void addsNothingForAnEnvelopeWithoutTraceContext() {
		MessageHeaders headers = headers("""
				{"Type":"Notification","Message":"Hello from Ada!","MessageAttributes":{}}""");

		assertThat(headers).doesNotContainKeys("traceparent", "tracestate");
	}

	@Test
	void addsNothingForARawEventBodyThatMentionsTheSameNames() {
		MessageHeaders headers = headers("""
				{"eventType":"OrderPlaced","note":"Notification","MessageAttributes":{"traceparent":{"Value":"%s"}}}"""
			.formatted(TRACEPARENT));

		assertThat(headers).doesNotContainKey("traceparent");
	}

	@Test
	void addsNothingForABodyThatIsNotJson() {
		MessageHeaders headers = headers("\"Notification\" \"MessageAttributes\" {");

		assertThat(headers).doesNotContainKey("traceparent");
	}

	@Test
	void ignoresATraceparentThatIsNotAString() {
		MessageHeaders headers = headers("""
				{"Type":"Notification","MessageAttributes":{"traceparent":{"Type":"Number","Value":42}}}""");

		assertThat(headers).doesNotContainKey("traceparent");
	}

	private MessageHeaders headers(String body) {
		return this.traceContext.apply(Message.builder().messageId("m-1").body(body).build(),
				new MessageHeaderAccessor());
	}

}
