package dev.fanoutlab.consumer.fulfilment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.fanoutlab.consumer.fulfilment.Fulfilment.FulfilmentRecord;
import dev.fanoutlab.messaging.PermanentFailureException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

import org.springframework.stereotype.Component;

/**
 * The fulfilment records, in DynamoDB, keyed by event id and shared by every consumer
 * instance. {@code recordOnce} is a conditional put on the event id, so of two instances
 * processing duplicates of one event, exactly one records it. Lookups by order use the
 * {@code orderId-index} GSI, which is eventually consistent on AWS: a GET right after
 * fulfilment may briefly answer 404. A {@code ValidationException} is a
 * {@link PermanentFailureException}: the same request is refused every time.
 */
@Component
class Fulfilments {

	private final DynamoDbClient dynamoDb;

	private final String table;

	Fulfilments(DynamoDbClient dynamoDb, FulfilmentProperties properties) {
		this.dynamoDb = dynamoDb;
		this.table = properties.table();
	}

	/**
	 * Whether an event was fulfilled, read consistently.
	 * @param eventId the event
	 * @return whether it has a fulfilment record
	 */
	boolean contains(UUID eventId) {
		try {
			return this.dynamoDb
				.getItem((request) -> request.tableName(this.table)
					.key(Map.of("eventId", s(eventId.toString())))
					.consistentRead(true))
				.hasItem();
		}
		catch (DynamoDbException ex) {
			throw permanentIfInvalid(ex);
		}
	}

	/**
	 * DynamoDB refuses an invalid request ({@code ValidationException}: a number it
	 * cannot store, an item over 400 KB) every time it is made, so such a refusal is
	 * permanent; anything else (throttling, a timeout, a 5xx) may pass on a retry.
	 */
	private static RuntimeException permanentIfInvalid(DynamoDbException ex) {
		if (ex.awsErrorDetails() != null && "ValidationException".equals(ex.awsErrorDetails().errorCode())) {
			return new PermanentFailureException(
					"DynamoDB refused the fulfilment: " + ex.awsErrorDetails().errorMessage());
		}
		return ex;
	}

	/**
	 * Record a fulfilment unless its event was recorded before, atomically.
	 * @param record the fulfilment
	 * @return {@code true} if recorded, {@code false} if the event was already fulfilled
	 */
	boolean recordOnce(FulfilmentRecord record) {
		try {
			this.dynamoDb.putItem((request) -> request.tableName(this.table)
				.item(Map.of("eventId", s(record.eventId().toString()), "orderId", s(record.orderId().toString()),
						"correlationId", s((record.correlationId() != null) ? record.correlationId() : ""), "units",
						AttributeValue.fromN(Integer.toString(record.units())), "total",
						AttributeValue.fromN(record.total().toPlainString()), "currency", s(record.currency()),
						"placedAt", s(record.placedAt().toString()), "fulfilledAt", s(record.fulfilledAt().toString())))
				.conditionExpression("attribute_not_exists(eventId)"));
			return true;
		}
		catch (ConditionalCheckFailedException ex) {
			return false;
		}
		catch (DynamoDbException ex) {
			throw permanentIfInvalid(ex);
		}
	}

	/**
	 * The fulfilment of an order, read from the {@code orderId-index} (eventually
	 * consistent).
	 * @param orderId the order
	 * @return its fulfilment, if found
	 */
	Optional<FulfilmentRecord> findByOrderId(UUID orderId) {
		return this.dynamoDb
			.query((request) -> request.tableName(this.table)
				.indexName("orderId-index")
				.keyConditionExpression("orderId = :orderId")
				.expressionAttributeValues(Map.of(":orderId", s(orderId.toString()))))
			.items()
			.stream()
			.findFirst()
			.map((item) -> new FulfilmentRecord(UUID.fromString(item.get("orderId").s()),
					UUID.fromString(item.get("eventId").s()), item.get("correlationId").s(),
					Integer.parseInt(item.get("units").n()), new BigDecimal(item.get("total").n()),
					item.get("currency").s(), Instant.parse(item.get("placedAt").s()),
					Instant.parse(item.get("fulfilledAt").s())));
	}

	private static AttributeValue s(String value) {
		return AttributeValue.fromS(value);
	}

}
