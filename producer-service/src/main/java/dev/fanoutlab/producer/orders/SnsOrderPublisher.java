package dev.fanoutlab.producer.orders;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import dev.fanoutlab.logging.LogSanitizer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.sns.AmazonSNSExtendedClient;
import software.amazon.sns.SNSExtendedClientConfiguration;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The one place the producer talks to SNS for an order: publishes order events to the
 * topic, the JSON event as the message body, and {@code eventType},
 * {@code schemaVersion}, {@code correlationId} and {@code notifyCustomer} as String
 * message attributes, which subscription filter policies match on.
 * <p>
 * An SNS topic accepts at most 256 KiB per message, body and message attributes together
 * (SQS queues take up to 1 MiB since 2025, so SNS is the limit here). A larger event
 * (within {@value #TRACE_CONTEXT_RESERVE} bytes of it: the trace context comes on top)
 * goes by claim check, through AWS's SNS extended client ({@code sns-extended-client}):
 * the event is stored in the S3 bucket {@code fanout-lab.messaging.payload-bucket} under
 * a random key, and the message published carries the same attributes plus
 * {@code ExtendedPayloadSize} (the event's size in bytes) and, as its body, the library's
 * pointer
 * {@code ["software.amazon.payloadoffloading.PayloadS3Pointer",{"s3BucketName":...,"s3Key":...}]}.
 * Smaller events are published as they are. An event over
 * {@code fanout-lab.messaging.max-message-size} is refused, before any call to AWS, with
 * {@link MessageTooLargeException}.
 * <p>
 * The S3 object is written before the publish: a failed publish leaves an object nobody
 * points to, which the bucket's lifecycle rule expires.
 * <p>
 * The SDK's call and attempt timeouts of the SNS client ({@code fanout-lab.aws.sns})
 * bound how long a publish may take; a publish that fails or times out may still have
 * been accepted by SNS, so {@link PublishFailedException} promises nothing about it.
 */
@Component
class SnsOrderPublisher {

	private static final Logger logger = LoggerFactory.getLogger(SnsOrderPublisher.class);

	/**
	 * Bytes kept free under the claim-check threshold for the trace context that
	 * service-defaults' AWS SDK interceptor adds to every publish after the extended
	 * client chose inline or S3 ({@code traceparent}: 72 bytes with its name and type,
	 * and a {@code tracestate}, if any): an event the extended client publishes inline
	 * stays within SNS's limit with them.
	 */
	static final int TRACE_CONTEXT_RESERVE = 1024;

	private final SnsClient sns;

	private final JsonMapper jsonMapper;

	private final MessagingProperties properties;

	private final Timer publishTimer;

	private final Counter published;

	private final Counter failed;

	SnsOrderPublisher(SnsClient sns, S3Client s3, JsonMapper jsonMapper, MessagingProperties properties,
			MeterRegistry meters) {
		this.sns = new AmazonSNSExtendedClient(sns,
				new SNSExtendedClientConfiguration().withPayloadSupportEnabled(s3, properties.payloadBucket())
					.withPayloadSizeThreshold(
							(int) properties.claimCheckThreshold().toBytes() - TRACE_CONTEXT_RESERVE));
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

	/**
	 * Publish the event and return once SNS accepted it.
	 * @param event the event
	 * @throws PublishFailedException if SNS did not confirm it; it may still have
	 * published it
	 * @throws MessageTooLargeException if the event is over
	 * {@code fanout-lab.messaging.max-message-size}; nothing was published
	 */
	void publish(OrderPlaced event) {
		publish(event, this.properties.topicArn(), (request) -> {
		});
	}

	/**
	 * Publish the event to the FIFO topic ({@link Lane#FIFO}) and return once SNS
	 * accepted it, as {@link #publish(OrderPlaced)} does, with
	 * <ul>
	 * <li>the message group id {@link #messageGroupId(String) of the customer}: SNS and
	 * SQS keep one customer's orders in the order published, and hand out the next one of
	 * a group only when the one before it was deleted (or moved to the DLQ); other
	 * customers' orders flow in parallel;</li>
	 * <li>the event id as deduplication id: SNS drops a publish whose deduplication id it
	 * accepted in the last 5 minutes (and answers it like the first), so a retry of an
	 * unconfirmed publish, or an idempotency-key replay of the same event, reaches the
	 * queues once. Content-based deduplication is off on the topic: two orders with the
	 * same content are two orders. moto's FIFO topic does not deduplicate; its FIFO
	 * queues drop a duplicate only while the first copy is still in the queue.</li>
	 * </ul>
	 * @param event the event
	 * @throws PublishFailedException if SNS did not confirm it; it may still have
	 * published it
	 * @throws MessageTooLargeException if the event does not fit in one SNS message;
	 * nothing was published
	 */
	void publishFifo(OrderPlaced event) {
		publish(event, this.properties.fifoTopicArn(),
				(request) -> request.messageGroupId(messageGroupId(event.customerEmail()))
					.messageDeduplicationId(event.eventId().toString()));
	}

	/**
	 * The message group of a customer: {@code customer-} and the SHA-256 of the address
	 * in lower case, in hex (73 characters). Not the address itself: a group id is
	 * limited to 128 ASCII characters (an address may have 254, and non-ASCII ones), and
	 * it is metadata that SQS shows to every reader of the queue, in consoles and receive
	 * logs, where a customer's address has no business. The hash is stable, so one
	 * customer is one group; it hides the address from a glance, not from someone who
	 * guesses it (pseudonymous, not anonymous).
	 * @param customerEmail the customer's address
	 * @return the group id
	 */
	static String messageGroupId(String customerEmail) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(customerEmail.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
			return "customer-" + HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void publish(OrderPlaced event, String topicArn, Consumer<PublishRequest.Builder> lane) {
		String body = this.jsonMapper.writeValueAsString(event);
		Map<String, MessageAttributeValue> attributes = Map.of("eventType", string(event.eventType()), "schemaVersion",
				string(Integer.toString(event.schemaVersion())), "correlationId", string(event.correlationId()),
				"notifyCustomer", string(Boolean.toString(event.notifyCustomer())));
		long size = size(body, attributes);
		long limit = this.properties.maxMessageSize().toBytes();
		if (size > limit) {
			throw new MessageTooLargeException(
					"The OrderPlaced event is " + size + " bytes with its message attributes; at most " + limit
							+ " bytes are published to SNS, inline or by claim check. Nothing was published");
		}
		try {
			this.publishTimer.record(() -> this.sns.publish((request) -> {
				request.topicArn(topicArn).message(body).messageAttributes(attributes);
				lane.accept(request);
			}));
			this.published.increment();
		}
		catch (SdkException ex) {
			this.failed.increment();
			// the S3 put of a claim-checked event fails the same way
			String reason = "SNS did not confirm " + event.eventType() + " " + event.eventId();
			logger.warn("{}: {}", reason, LogSanitizer.sanitize(ex.getMessage(), 500));
			throw new PublishFailedException(reason, ex);
		}
	}

	/**
	 * The size SNS counts: the body, and each attribute's name, data type and value, in
	 * UTF-8 bytes.
	 */
	static long size(String body, Map<String, MessageAttributeValue> attributes) {
		long size = utf8(body);
		for (Map.Entry<String, MessageAttributeValue> attribute : attributes.entrySet()) {
			size += utf8(attribute.getKey()) + utf8(attribute.getValue().dataType())
					+ utf8(attribute.getValue().stringValue());
		}
		return size;
	}

	private static long utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8).length;
	}

	private static MessageAttributeValue string(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

}
