package dev.fanoutlab.producer.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.fanoutlab.producer.orders.OrderPlaced;
import dev.fanoutlab.producer.orders.MessageTooLargeException;
import dev.fanoutlab.producer.orders.OrderPublisher;
import dev.fanoutlab.producer.orders.PublishFailedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Publishes order events to the SNS topic: the JSON event as the message body, and
 * {@code eventType}, {@code schemaVersion}, {@code correlationId} and
 * {@code notifyCustomer} as String message attributes, which subscription filter policies
 * match on.
 * <p>
 * SNS and SQS accept at most 256 KiB per message (body and attributes); a larger event is
 * refused here rather than by AWS.
 */
@Component
class SnsOrderPublisher implements OrderPublisher {

	static final int MAX_MESSAGE_BYTES = 256 * 1024;

	private final SnsClient sns;

	private final JsonMapper jsonMapper;

	private final MessagingProperties properties;

	private final Timer publishTimer;

	private final Counter published;

	private final Counter failed;

	SnsOrderPublisher(SnsClient sns, JsonMapper jsonMapper, MessagingProperties properties, MeterRegistry meters) {
		this.sns = sns;
		this.jsonMapper = jsonMapper;
		this.properties = properties;
		this.publishTimer = Timer.builder("fanoutlab.publish.duration")
			.description("Time for SNS to accept an event")
			.tag("eventType", OrderPlaced.TYPE)
			.publishPercentileHistogram()
			.register(meters);
		this.published = counter(meters, "success");
		this.failed = counter(meters, "failure");
	}

	private static Counter counter(MeterRegistry meters, String outcome) {
		return Counter.builder("fanoutlab.events.published")
			.description("Events offered to SNS, by outcome")
			.tag("eventType", OrderPlaced.TYPE)
			.tag("outcome", outcome)
			.register(meters);
	}

	@Override
	public void publish(OrderPlaced event) {
		String body = this.jsonMapper.writeValueAsString(event);
		if (body.getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES - 1024) {
			throw new IllegalArgumentException(
					"OrderPlaced " + event.eventId() + " exceeds the SNS message size limit");
		}
		Map<String, MessageAttributeValue> attributes = Map.of("eventType", string(event.eventType()), "schemaVersion",
				string(Integer.toString(event.schemaVersion())), "correlationId", string(event.correlationId()),
				"notifyCustomer", string(Boolean.toString(event.notifyCustomer())));
		try {
			this.publishTimer.record(() -> this.sns.publish((request) -> request.topicArn(this.properties.topicArn())
				.message(body)
				.messageAttributes(attributes)
				.overrideConfiguration((config) -> config.apiCallTimeout(this.properties.publishTimeout()))));
			this.published.increment();
		}
		catch (SdkException ex) {
			this.failed.increment();
			throw new PublishFailedException("SNS did not accept " + event.eventType() + " " + event.eventId(), ex);
		}
	}

	private static MessageAttributeValue string(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

}
