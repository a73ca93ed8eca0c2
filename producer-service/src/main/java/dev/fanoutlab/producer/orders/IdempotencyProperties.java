package dev.fanoutlab.producer.orders;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where idempotency keys are kept, for how long, and how long one request may hold a key.
 *
 * @param table the DynamoDB table, partition key {@code idempotencyKey}, TTL attribute
 * {@code expiresAt}
 * @param retention how long a key is remembered; DynamoDB deletes expired keys within a
 * few days of expiry, so expiry is also checked on read
 * @param lease how long a request holds a key while it publishes; a retry with the same
 * key gets 409 meanwhile and takes the key over after it. It must exceed the longest a
 * request can take (the SDK call timeouts of one DynamoDB claim, one SNS publish and one
 * DynamoDB update), so that a live request is never taken over
 */
@Validated
@ConfigurationProperties("fanout-lab.idempotency")
record IdempotencyProperties(@NotBlank String table, @NotNull Duration retention, @NotNull Duration lease) {

}
