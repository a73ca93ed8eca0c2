package dev.fanoutlab.notifier.notification;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import org.springframework.stereotype.Component;

/**
 * The notification log in DynamoDB: a claim is a conditional put on the event id, so of
 * several instances holding duplicates of one event exactly one sends. The item carries
 * the claim's random {@code claimToken}; marking sent and releasing are conditional on
 * it, so a claim taken over after going stale stays the new holder's. Lookups by order
 * use the {@code orderId-index} GSI (eventually consistent on AWS).
 */
@Component
class DynamoDbNotificationLog implements NotificationLog {

	private final DynamoDbClient dynamoDb;

	private final String table;

	DynamoDbNotificationLog(DynamoDbClient dynamoDb, NotificationProperties properties) {
		this.dynamoDb = dynamoDb;
		this.table = properties.table();
	}

	@Override
	public Claim claim(Notification notification, UUID token, Instant now, Instant staleBefore) {
		Map<String, AttributeValue> item = new HashMap<>();
		item.put("eventId", s(notification.eventId().toString()));
		item.put("orderId", s(notification.orderId().toString()));
		item.put("recipient", s(notification.recipient()));
		item.put("subject", s(notification.subject()));
		item.put("status", s("SENDING"));
		item.put("claimedAt", n(now.toEpochMilli()));
		item.put("claimToken", s(token.toString()));
		try {
			this.dynamoDb.putItem((request) -> request.tableName(this.table)
				.item(item)
				.conditionExpression("attribute_not_exists(eventId) OR (#status = :sending AND claimedAt < :stale)")
				.expressionAttributeNames(Map.of("#status", "status"))
				.expressionAttributeValues(Map.of(":sending", s("SENDING"), ":stale", n(staleBefore.toEpochMilli())))
				.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
			return Claim.CLAIMED;
		}
		catch (ConditionalCheckFailedException ex) {
			return claimHeld(ex.item(), token);
		}
	}

	/**
	 * What the item that failed the claim's condition means. The SDK retries a put whose
	 * attempt timed out, and the first attempt may have written the item after all: the
	 * retry then finds our own claim (our token), which is ours to send, not another
	 * instance's.
	 */
	private static Claim claimHeld(Map<String, AttributeValue> item, UUID token) {
		if ("SENT".equals(item.get("status").s())) {
			return Claim.ALREADY_SENT;
		}
		AttributeValue holder = item.get("claimToken");
		return (holder != null && token.toString().equals(holder.s())) ? Claim.CLAIMED : Claim.IN_PROGRESS;
	}

	@Override
	public boolean markSent(UUID eventId, UUID token, Instant sentAt) {
		try {
			this.dynamoDb.updateItem((request) -> request.tableName(this.table)
				.key(Map.of("eventId", s(eventId.toString())))
				.updateExpression("SET #status = :sent, sentAt = :sentAt")
				.conditionExpression("claimToken = :token")
				.expressionAttributeNames(Map.of("#status", "status"))
				.expressionAttributeValues(
						Map.of(":sent", s("SENT"), ":sentAt", s(sentAt.toString()), ":token", s(token.toString()))));
			return true;
		}
		catch (ConditionalCheckFailedException ex) {
			return false;
		}
	}

	@Override
	public void release(UUID eventId, UUID token) {
		try {
			this.dynamoDb.deleteItem((request) -> request.tableName(this.table)
				.key(Map.of("eventId", s(eventId.toString())))
				.conditionExpression("#status = :sending AND claimToken = :token")
				.expressionAttributeNames(Map.of("#status", "status"))
				.expressionAttributeValues(Map.of(":sending", s("SENDING"), ":token", s(token.toString()))));
		}
		catch (ConditionalCheckFailedException ex) {
			// Not our claim any more: it went stale and another instance holds it.
		}
	}

	@Override
	public List<Notification> findByOrderId(UUID orderId) {
		return this.dynamoDb
			.query((request) -> request.tableName(this.table)
				.indexName("orderId-index")
				.keyConditionExpression("orderId = :orderId")
				.expressionAttributeValues(Map.of(":orderId", s(orderId.toString()))))
			.items()
			.stream()
			.map((item) -> new Notification(UUID.fromString(item.get("eventId").s()),
					UUID.fromString(item.get("orderId").s()), item.get("recipient").s(), item.get("subject").s(),
					item.get("status").s(), item.containsKey("sentAt") ? Instant.parse(item.get("sentAt").s()) : null))
			.toList();
	}

	private static AttributeValue n(long value) {
		return AttributeValue.fromN(Long.toString(value));
	}

	private static AttributeValue s(String value) {
		return AttributeValue.fromS(value);
	}

}
