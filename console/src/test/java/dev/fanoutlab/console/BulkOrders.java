package dev.fanoutlab.console;

import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.fanoutlab.testsupport.LocalAws;
import dev.fanoutlab.topology.PayloadBucket;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.sns.AmazonSNSExtendedClient;
import software.amazon.sns.SNSExtendedClientConfiguration;

/**
 * Bulk (B2B) orders as the producer publishes them: an {@code OrderPlaced} event of
 * thousands of lines, over SNS's 256 KiB, published with AWS's SNS extended client, which
 * stores it in the payload bucket and publishes a pointer in its place.
 */
public final class BulkOrders {

	/** Where the producer's claim check starts (its {@code claim-check-threshold}). */
	public static final int THRESHOLD = 256 * 1024;

	private BulkOrders() {
	}

	/**
	 * An {@code OrderPlaced} event.
	 * @param eventId the event id
	 * @param orderId the order id
	 * @param lines how many lines, each of 1 x 2.50 (5,000 lines: about 275 KB)
	 * @return the event JSON
	 */
	public static String event(String eventId, String orderId, int lines) {
		StringBuilder items = new StringBuilder();
		for (int line = 0; line < lines; line++) {
			items.append((line > 0) ? "," : "")
				.append(String.format(Locale.ROOT, "{\"sku\":\"BULK-SKU-%05d\",\"quantity\":1,\"unitPrice\":2.50}",
						line));
		}
		return "{\"eventId\":\"" + eventId + "\",\"eventType\":\"OrderPlaced\",\"schemaVersion\":1,"
				+ "\"occurredAt\":\"2026-11-27T21:00:00Z\",\"correlationId\":\"" + UUID.randomUUID()
				+ "\",\"orderId\":\"" + orderId + "\",\"customerEmail\":\"buyer@b2b.example\","
				+ "\"notifyCustomer\":false,\"currency\":\"EUR\",\"items\":[" + items + "],\"total\":"
				+ String.format(Locale.ROOT, "%.2f", lines * 2.5) + "}";
	}

	/**
	 * Publish an event to the standard topic as the producer does: the SNS extended
	 * client with the producer's threshold and payload bucket.
	 * @param aws the backend
	 * @param event the event
	 */
	public static void publish(LocalAws aws, String event) {
		SnsClient sns = new AmazonSNSExtendedClient(aws.sns(),
				new SNSExtendedClientConfiguration().withPayloadSupportEnabled(aws.s3(), PayloadBucket.NAME)
					.withPayloadSizeThreshold(THRESHOLD));
		sns.publish((request) -> request.topicArn(aws.provisioned().topicArn())
			.message(event)
			.messageAttributes(Map.of("eventType", string("OrderPlaced"), "notifyCustomer", string("false"))));
	}

	private static MessageAttributeValue string(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

}
