package dev.fanoutlab.notifier.notification;

import java.time.Duration;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Notification settings.
 *
 * @param table the DynamoDB table of sent notifications (key {@code eventId}, index
 * {@code orderId-index})
 * @param from the sender address of order emails
 * @param claimTimeout how long a claim to send an email holds; a claim older than this is
 * taken as abandoned (its sender crashed) and may be taken over. Longer than the longest
 * send the SMTP timeouts allow, shorter than the queue's visibility timeout: checked at
 * startup (see {@link TimeoutChain})
 * @param markSentAttempts how often marking an email sent is tried before giving up
 * @param markSentBackoff the pause after the first failed mark, doubled after each
 * further one
 */
@Validated
@ConfigurationProperties("fanout-lab.notifications")
record NotificationProperties(@NotBlank String table, @NotBlank @Email String from, @NotNull Duration claimTimeout,
		@DefaultValue("3") @Min(1) int markSentAttempts, @DefaultValue("200ms") @NotNull Duration markSentBackoff) {

	/**
	 * The longest time the pauses between mark attempts add up to.
	 * @return the sum of the backoffs
	 */
	Duration markSentRetryTime() {
		return this.markSentBackoff.multipliedBy((1L << (this.markSentAttempts - 1)) - 1);
	}

}
