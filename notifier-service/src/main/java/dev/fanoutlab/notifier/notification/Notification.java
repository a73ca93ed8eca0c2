package dev.fanoutlab.notifier.notification;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An email to a customer about an order.
 *
 * @param eventId the event it was sent for
 * @param orderId the order
 * @param recipient the customer's address
 * @param subject the subject line
 * @param status {@code SENDING} while being sent, then {@code SENT}
 * @param sentAt when the SMTP server accepted it, or {@code null}
 */
record Notification(UUID eventId, UUID orderId, String recipient, String subject, String status,
		@Nullable Instant sentAt) {

}
