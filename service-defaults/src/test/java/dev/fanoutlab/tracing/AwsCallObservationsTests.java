package dev.fanoutlab.tracing;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

import static org.assertj.core.api.Assertions.assertThat;

class AwsCallObservationsTests {

	private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	@Test
	void addsTheTraceContextToAPublishAsStringMessageAttributes() {
		PublishRequest publish = request(4);

		PublishRequest traced = AwsCallObservations.withTraceContext(publish, Map.of("traceparent", TRACEPARENT));

		assertThat(traced.messageAttributes()).hasSize(5)
			.containsEntry("traceparent",
					MessageAttributeValue.builder().dataType("String").stringValue(TRACEPARENT).build())
			.containsAllEntriesOf(publish.messageAttributes());
		assertThat(traced.message()).isEqualTo(publish.message());
	}

	@Test
	void keepsATraceparentTheCallerSet() {
		Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>(request(1).messageAttributes());
		attributes.put("traceparent", string("00-caller"));
		PublishRequest publish = PublishRequest.builder().message("{}").messageAttributes(attributes).build();

		PublishRequest traced = AwsCallObservations.withTraceContext(publish, Map.of("traceparent", TRACEPARENT));

		assertThat(traced.messageAttributes().get("traceparent").stringValue()).isEqualTo("00-caller");
	}

	@Test
	void publishesWithoutTraceContextRatherThanGoOverSnssTenAttributes() {
		PublishRequest publish = request(9);

		PublishRequest traced = AwsCallObservations.withTraceContext(publish,
				Map.of("traceparent", TRACEPARENT, "tracestate", "vendor=1"));

		assertThat(traced.messageAttributes()).hasSize(9).doesNotContainKeys("traceparent", "tracestate");
		assertThat(AwsCallObservations
			.withTraceContext(request(8), Map.of("traceparent", TRACEPARENT, "tracestate", "vendor=1"))
			.messageAttributes()).hasSize(10);
	}

	private static PublishRequest request(int attributes) {
		Map<String, MessageAttributeValue> values = new LinkedHashMap<>();
		for (int i = 0; i < attributes; i++) {
			values.put("attribute" + i, string("value" + i));
		}
		return PublishRequest.builder()
			.topicArn("arn:aws:sns:us-east-1:123456789012:orders")
			.message("{}")
			.messageAttributes(values)
			.build();
	}

	private static MessageAttributeValue string(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

}
