package dev.fanoutlab.producer.orders;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import org.springframework.stereotype.Component;

/**
 * Idempotency keys in DynamoDB. Every state change is a conditional write, so it is
 * atomic across all producer instances: a put claims a free (or expired) key; an update
 * that names the previous lease token takes an ended lease over, so of concurrent
 * takeovers exactly one wins; complete, end-lease and release name the caller's own
 * claim, so a request whose lease was taken over cannot undo its successor's work. Lease
 * ends are epoch milliseconds of the service's {@link Clock}; {@code expiresAt} is epoch
 * seconds, DynamoDB's TTL attribute.
 */
@Component
class DynamoDbIdempotencyKeys implements IdempotencyKeys {

	private static final Logger logger = LoggerFactory.getLogger(DynamoDbIdempotencyKeys.class);

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
	public Claim claim(String key, PlaceOrder order, Attempt proposed) {
		return claim(key, order, proposed, UUID.randomUUID().toString());
	}

	/**
	 * {@link #claim(String, PlaceOrder, Attempt)} with a given lease token. The SDK
	 * retries a write whose attempt timed out; if the first attempt was written, the
	 * retry fails its condition and DynamoDB returns our own item. An item that carries
	 * the token we are writing is therefore ours, not another request's.
	 */
	Claim claim(String key, PlaceOrder order, Attempt proposed, String token) {
		Instant now = this.clock.instant();
		String fingerprint = fingerprint(order);
		Map<String, AttributeValue> item = new HashMap<>();
		item.put("idempotencyKey", s(key));
		item.put("fingerprint", s(fingerprint));
		item.put("status", s(IN_PROGRESS));
		item.put("orderId", s(proposed.ids().orderId().toString()));
		item.put("eventId", s(proposed.ids().eventId().toString()));
		item.put("occurredAt", s(proposed.occurredAt().toString()));
		item.put("correlationId", s(proposed.correlationId()));
		item.put("leaseToken", s(token));
		item.put("leaseUntil", n(leaseEnd(now)));
		item.put("expiresAt", n(now.getEpochSecond() + this.properties.retention().toSeconds()));
		try {
			this.dynamoDb.putItem((request) -> request.tableName(this.properties.table())
				.item(item)
				.conditionExpression("attribute_not_exists(idempotencyKey) OR expiresAt < :now")
				.expressionAttributeValues(Map.of(":now", n(now.getEpochSecond())))
				.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
			return new Claim.Owned(key, token, proposed, false);
		}
		catch (ConditionalCheckFailedException ex) {
			if (holdsLease(ex.item(), token)) {
				logger.info("Idempotency key {} was claimed by an earlier attempt of this request", key);
				return new Claim.Owned(key, token, proposed, false);
			}
			return existing(key, fingerprint, ex.item(), now, true);
		}
	}

	/**
	 * A claim met a live key: replay it, refuse it, or take its ended lease over.
	 */
	private Claim existing(String key, String fingerprint, @Nullable Map<String, AttributeValue> existing, Instant now,
			boolean mayTakeOver) {
		if (existing == null || existing.isEmpty()) {
			// Released between our two writes: the first request published nothing.
			throw new RequestInProgressException(key, 1);
		}
		if (!fingerprint.equals(existing.get("fingerprint").s())) {
			throw new KeyReusedException(key);
		}
		Attempt stored = new Attempt(
				new OrderAccepted(UUID.fromString(existing.get("orderId").s()),
						UUID.fromString(existing.get("eventId").s())),
				Instant.parse(existing.get("occurredAt").s()), existing.get("correlationId").s());
		if (COMPLETED.equals(existing.get("status").s())) {
			return new Claim.Completed(stored.ids());
		}
		long leaseUntil = Long.parseLong(existing.get("leaseUntil").n());
		long remaining = leaseUntil - now.toEpochMilli();
		if (remaining > 0 || !mayTakeOver) {
			throw new RequestInProgressException(key, Math.max(1, (remaining + 999) / 1000));
		}
		String token = UUID.randomUUID().toString();
		try {
			this.dynamoDb.updateItem((request) -> request.tableName(this.properties.table())
				.key(Map.of("idempotencyKey", s(key)))
				.updateExpression("SET leaseToken = :token, leaseUntil = :until")
				.conditionExpression("#status = :inProgress AND leaseToken = :previous AND expiresAt >= :now")
				.expressionAttributeNames(Map.of("#status", "status"))
				.expressionAttributeValues(Map.of(":token", s(token), ":until", n(leaseEnd(now)), ":inProgress",
						s(IN_PROGRESS), ":previous", existing.get("leaseToken"), ":now", n(now.getEpochSecond())))
				.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
			logger.info("Took over idempotency key {} after its lease ended; publishing event {} again", key,
					stored.ids().eventId());
			return new Claim.Owned(key, token, stored, true);
		}
		catch (ConditionalCheckFailedException ex) {
			if (holdsLease(ex.item(), token)) {
				// An earlier attempt of this update was written; the SDK retried it.
				return new Claim.Owned(key, token, stored, true);
			}
			// Another request took it over, completed or released it first.
			return existing(key, fingerprint, ex.item(), now, false);
		}
	}

	@Override
	public void complete(Claim.Owned claim) {
		try {
			this.dynamoDb.updateItem((request) -> request.tableName(this.properties.table())
				.key(Map.of("idempotencyKey", s(claim.key())))
				.updateExpression("SET #status = :completed REMOVE leaseToken, leaseUntil")
				.conditionExpression("eventId = :eventId")
				.expressionAttributeNames(Map.of("#status", "status"))
				.expressionAttributeValues(
						Map.of(":completed", s(COMPLETED), ":eventId", s(claim.attempt().ids().eventId().toString()))));
		}
		catch (ConditionalCheckFailedException ex) {
			logger.warn("Idempotency key {} no longer belongs to event {}; not completed", claim.key(),
					claim.attempt().ids().eventId());
		}
	}

	@Override
	public void endLease(Claim.Owned claim) {
		try {
			this.dynamoDb.updateItem((request) -> request.tableName(this.properties.table())
				.key(Map.of("idempotencyKey", s(claim.key())))
				.updateExpression("SET leaseUntil = :now")
				.conditionExpression("leaseToken = :token")
				.expressionAttributeValues(Map.of(":now", n(this.clock.millis()), ":token", s(claim.leaseToken()))));
		}
		catch (ConditionalCheckFailedException ex) {
			// Taken over already: the lease is not ours to end.
		}
	}

	@Override
	public void release(Claim.Owned claim) {
		if (claim.takenOver()) {
			throw new IllegalStateException("A taken-over claim may have been published and is never released");
		}
		try {
			this.dynamoDb.deleteItem((request) -> request.tableName(this.properties.table())
				.key(Map.of("idempotencyKey", s(claim.key())))
				.conditionExpression("leaseToken = :token")
				.expressionAttributeValues(Map.of(":token", s(claim.leaseToken()))));
		}
		catch (ConditionalCheckFailedException ex) {
			// Taken over already: the key is not ours to release.
		}
	}

	private static boolean holdsLease(@Nullable Map<String, AttributeValue> item, String token) {
		AttributeValue leaseToken = (item != null) ? item.get("leaseToken") : null;
		return leaseToken != null && token.equals(leaseToken.s());
	}

	private long leaseEnd(Instant now) {
		return now.plus(this.properties.lease()).toEpochMilli();
	}

	/**
	 * A digest of the order as it will be published (defaults applied, prices without
	 * trailing zeros), to tell a retry from a different order sent with the same key.
	 */
	static String fingerprint(PlaceOrder order) {
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
