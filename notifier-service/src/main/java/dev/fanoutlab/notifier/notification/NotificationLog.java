package dev.fanoutlab.notifier.notification;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Which events have been notified, shared by every notifier instance. Email cannot be
 * part of a transaction, so sending is claim, send, mark sent. Each claim carries a
 * random token, and only the holder of the current token may mark the email sent or
 * release the claim: an instance whose claim went stale and was taken over can neither
 * delete nor overwrite the new holder's claim. A crash between send and mark can, after
 * the claim goes stale, send a second email (at least once), never none.
 */
interface NotificationLog {

	/**
	 * Claim the right to send the email of an event.
	 * @param notification the email, status {@code SENDING}
	 * @param token a random token identifying this claim
	 * @param now the time of the claim
	 * @param staleBefore claims older than this are abandoned and may be taken over
	 * @return the claim result
	 */
	Claim claim(Notification notification, UUID token, Instant now, Instant staleBefore);

	/**
	 * Mark the email sent, if the claim is still the caller's. Idempotent: marking again
	 * with the same token succeeds.
	 * @param eventId the event
	 * @param token the token of the caller's claim
	 * @param sentAt when the SMTP server accepted the email
	 * @return {@code false} if the claim is no longer the caller's (it went stale and
	 * another instance took it over); nothing was changed
	 */
	boolean markSent(UUID eventId, UUID token, Instant sentAt);

	/**
	 * Give up a claim after sending failed, so a retry can send. Does nothing if the
	 * claim is no longer the caller's.
	 * @param eventId the event
	 * @param token the token of the caller's claim
	 */
	void release(UUID eventId, UUID token);

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
