package dev.fanoutlab.consumer.messaging;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Backoff of transient failures, through the message's visibility timeout.
 *
 * @param initialBackoff visibility after the first failed receive, at least 1 second
 * @param maxBackoff upper bound, at most 12 hours (the SQS maximum)
 */
@Validated
@ConfigurationProperties("fanout-lab.fulfilment.retry")
record RetryProperties(@NotNull Duration initialBackoff, @NotNull Duration maxBackoff) {

}
