package dev.fanoutlab.notifier.notification;

import java.time.Duration;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Notification settings.
 *
 * @param table the DynamoDB table of sent notifications (key {@code eventId}, index
 * {@code orderId-index})
 * @param from the sender address of order emails
 * @param claimTimeout how long a claim to send an email holds; a claim older than this is
 * taken as abandoned (its sender crashed) and may be taken over. Longer than the queue's
 * visibility timeout.
 */
@Validated
@ConfigurationProperties("fanout-lab.notifications")
record NotificationProperties(@NotBlank String table, @NotBlank @Email String from, @NotNull Duration claimTimeout) {

}
