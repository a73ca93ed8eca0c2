package dev.fanoutlab.producer.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import dev.fanoutlab.producer.orders.OrderAccepted;
import dev.fanoutlab.producer.orders.PlaceOrder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import org.springframework.stereotype.Component;

/**
 * Idempotency keys in DynamoDB: a conditional put claims a key atomically across all
 * producer instances; items expire by TTL.
 */
@Component
class DynamoDbIdempotencyKeys implements IdempotencyKeys {

	private static final String IN_PROGRESS = "IN_PROGRESS";

	private static final String COMPLETED = "COMPLETED";

	private final DynamoDbClient dynamoDb;

	private final IdempotencyProperties properties;

	private final Clock clock;

	DynamoDbIdempotencyKeys(DynamoDbClient dynamoDb, IdempotencyProperties properties, Clock clock) {
		this.dynamoDb = dynamoDb;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public Claim claim(String key, PlaceOrder order, OrderAccepted proposed) {
		long now = this.clock.instant().getEpochSecond();
		String fingerprint = fingerprint(order);
		try {
			this.dynamoDb.putItem((request) -> request.tableName(this.properties.table())
				.item(Map.of("idempotencyKey", s(key), "fingerprint", s(fingerprint), "status", s(IN_PROGRESS),
						"orderId", s(proposed.orderId().toString()), "eventId", s(proposed.eventId().toString()),
						"expiresAt", n(now + this.properties.retention().toSeconds())))
				.conditionExpression("attribute_not_exists(idempotencyKey) OR expiresAt < :now")
				.expressionAttributeValues(Map.of(":now", n(now)))
				.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
			return new Claim.New();
		}
		catch (ConditionalCheckFailedException ex) {
			Map<String, AttributeValue> existing = ex.item();
			if (!fingerprint.equals(existing.get("fingerprint").s())) {
				throw new KeyReusedException(key);
			}
			if (!COMPLETED.equals(existing.get("status").s())) {
				throw new RequestInProgressException(key);
			}
			return new Claim.Completed(new OrderAccepted(UUID.fromString(existing.get("orderId").s()),
					UUID.fromString(existing.get("eventId").s())));
		}
	}

	@Override
	public void complete(String key) {
		this.dynamoDb.updateItem((request) -> request.tableName(this.properties.table())
			.key(Map.of("idempotencyKey", s(key)))
			.updateExpression("SET #status = :completed")
			.expressionAttributeNames(Map.of("#status", "status"))
			.expressionAttributeValues(Map.of(":completed", s(COMPLETED))));
	}

	@Override
	public void release(String key) {
		this.dynamoDb
			.deleteItem((request) -> request.tableName(this.properties.table()).key(Map.of("idempotencyKey", s(key))));
	}

	/**
	 * A digest of the order as it will be published (defaults applied, prices without
	 * trailing zeros), to tell a retry from a different order sent with the same key.
	 */
	private static String fingerprint(PlaceOrder order) {
		StringBuilder canonical = new StringBuilder(order.customerEmail()).append('|')
			.append(order.currencyOrDefault())
			.append('|')
			.append(order.notifyCustomerOrDefault());
		order.items()
			.forEach((item) -> canonical.append('|')
				.append(item.sku())
				.append('x')
				.append(item.quantity())
				.append('@')
				.append(item.unitPrice().stripTrailingZeros().toPlainString()));
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static AttributeValue s(String value) {
		return AttributeValue.fromS(value);
	}

	private static AttributeValue n(long value) {
		return AttributeValue.fromN(Long.toString(value));
	}

}
