package dev.fanoutlab.producer.idempotency;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where idempotency keys are kept and for how long.
 *
 * @param table the DynamoDB table, partition key {@code idempotencyKey}, TTL attribute
 * {@code expiresAt}
 * @param retention how long a key is remembered; DynamoDB deletes expired keys within a
 * few days of expiry, so expiry is also checked on read
 */
@Validated
@ConfigurationProperties("fanout-lab.idempotency")
record IdempotencyProperties(@NotBlank String table, @NotNull Duration retention) {

}
