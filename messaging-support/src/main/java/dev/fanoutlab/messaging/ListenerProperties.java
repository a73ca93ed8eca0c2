package dev.fanoutlab.messaging;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The queue a service reads and how it retries.
 *
 * @param queue the SQS queue, by name or URL; it must exist
 * @param initialBackoff visibility timeout after the first transient failure, at least 1
 * second; doubled on each further receive
 * @param maxBackoff upper bound of the backoff, at most 12 hours (the SQS maximum)
 * @param shutdownTimeout how long in-flight messages may take to finish on shutdown;
 * unfinished ones return to the queue after their visibility timeout
 * @param depthInterval how often the queue depth metrics are read
 * @param processingDelay a delay before each message, to slow the service down on purpose
 * (see {@link ProcessingDelay})
 * @param maxProcessingDelay the largest delay the {@code listeners} endpoint accepts, and
 * {@code processingDelay} at startup; unset, half the visibility timeout of the queue, so
 * a slowed message still finishes before SQS delivers it again
 */
@Validated
@ConfigurationProperties("fanout-lab.listener")
public record ListenerProperties(@NotBlank String queue, @DefaultValue("2s") @NotNull Duration initialBackoff,
		@DefaultValue("5m") @NotNull Duration maxBackoff, @DefaultValue("20s") @NotNull Duration shutdownTimeout,
		@DefaultValue("10s") @NotNull Duration depthInterval, @DefaultValue("0s") @NotNull Duration processingDelay,
		@Nullable Duration maxProcessingDelay) {

}
