package dev.fanoutlab.notifier.notification;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Which events have been notified, shared by every notifier instance. Email cannot be
 * part of a transaction, so sending is claim, send, mark sent: a crash between send and
 * mark can, after the claim times out, send a second email (at least once), never none.
 */
interface NotificationLog {

	/**
	 * Claim the right to send the email of an event.
	 * @param notification the email, status {@code SENDING}
	 * @param now the time of the claim
	 * @param staleBefore claims older than this are abandoned and may be taken over
	 * @return the claim result
	 */
	Claim claim(Notification notification, Instant now, Instant staleBefore);

	void markSent(UUID eventId, Instant sentAt);

	/**
	 * Give up a claim after sending failed, so a retry can send.
	 * @param eventId the event
	 */
	void release(UUID eventId);

	List<Notification> findByOrderId(UUID orderId);

	/** Outcome of a claim. */
	enum Claim {

		/** Send it. */
		CLAIMED,
		/** Sent before: a duplicate delivery. */
		ALREADY_SENT,
		/** Another instance is sending it right now. */
		IN_PROGRESS

	}

}
