package dev.fanoutlab.notifier.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.fanoutlab.messaging.PermanentFailureException;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;

/**
 * Emails the customer once per order event, whatever the number of deliveries.
 * <p>
 * Sending is claim (with a random token), send, mark sent. Duplicates are prevented as
 * long as a send finishes before its claim goes stale ({@link TimeoutChain} checks the
 * SMTP timeouts against the claim timeout at startup) and marking is retried locally.
 * Email is at least once only in one case: a crash (or a mark that fails every attempt)
 * between the SMTP server accepting the email and the mark; the claim then goes stale and
 * a redelivery sends again.
 */
@Service
class Notifier {

	private static final Logger logger = LoggerFactory.getLogger(Notifier.class);

	private final NotificationLog log;

	private final JavaMailSender mailSender;

	private final NotificationProperties properties;

	private final Clock clock;

	private final ObservationRegistry observations;

	Notifier(NotificationLog log, JavaMailSender mailSender, NotificationProperties properties, Clock clock,
			ObservationRegistry observations) {
		this.log = log;
		this.mailSender = mailSender;
		this.properties = properties;
		this.clock = clock;
		this.observations = observations;
	}

	/**
	 * Email the customer about the order.
	 * @param event the event, valid (read by the {@code EventReader})
	 * @return what happened
	 * @throws PermanentFailureException if the customer address is malformed
	 * @throws SmtpFailureException if the SMTP server did not accept the email; retry
	 * later
	 * @throws ClaimedElsewhereException if another instance is sending it right now
	 */
	Outcome notify(OrderPlaced event) {
		if (Boolean.FALSE.equals(event.notifyCustomer())) {
			// The subscription's filter policy keeps these out; a message sent to the
			// queue directly can still carry one.
			return Outcome.OPTED_OUT;
		}
		requireValidAddress(event);
		String subject = "Your order " + event.orderId().toString().substring(0, 8) + " is confirmed";
		Notification notification = new Notification(event.eventId(), event.orderId(), event.customerEmail(), subject,
				"SENDING", null);
		UUID token = UUID.randomUUID();
		Instant claimedAt = this.clock.instant();
		switch (this.log.claim(notification, token, claimedAt, claimedAt.minus(this.properties.claimTimeout()))) {
			case ALREADY_SENT -> {
				return Outcome.DUPLICATE;
			}
			case IN_PROGRESS -> throw new ClaimedElsewhereException(event.eventId());
			case CLAIMED -> send(event, subject, token);
		}
		Instant sentAt = this.clock.instant();
		if (Duration.between(claimedAt, sentAt).compareTo(this.properties.claimTimeout()) >= 0) {
			logger.warn("Sending took {}, longer than the claim holds: another instance may send a second email",
					Duration.between(claimedAt, sentAt));
		}
		markSent(event.eventId(), token, sentAt);
		logger.info("Emailed {} about order {}", LogSafe.email(event.customerEmail()), event.orderId());
		return Outcome.SENT;
	}

	List<Notification> findByOrderId(UUID orderId) {
		return this.log.findByOrderId(orderId);
	}

	private void send(OrderPlaced event, String subject, UUID token) {
		SimpleMailMessage mail = new SimpleMailMessage();
		mail.setFrom(this.properties.from());
		mail.setTo(event.customerEmail());
		mail.setSubject(subject);
		mail.setText(body(event));
		try {
			// the SMTP send as a span of the listener's trace ("smtp send")
			Observation.createNotStarted("fanoutlab.smtp.send", this.observations)
				.contextualName("smtp send")
				.observe(() -> this.mailSender.send(mail));
		}
		catch (MailException ex) {
			RuntimeException failure = (ex instanceof MailParseException)
					? new PermanentFailureException("Unusable email: " + LogSafe.text(ex.getMessage()))
					: new SmtpFailureException(ex);
			try {
				this.log.release(event.eventId(), token);
			}
			catch (RuntimeException releaseFailure) {
				// The claim then holds until it is stale; the retry after that sends.
				failure.addSuppressed(releaseFailure);
			}
			throw failure;
		}
	}

	/**
	 * The email went out: mark it, retrying a failed mark a few times with a short
	 * backoff, since a claim left unmarked goes stale and a redelivery would send again.
	 * If every attempt fails, the message is still acknowledged (the email was sent):
	 * throwing would only guarantee that second email.
	 */
	private void markSent(UUID eventId, UUID token, Instant sentAt) {
		Duration backoff = this.properties.markSentBackoff();
		for (int attempt = 1;; attempt++) {
			try {
				if (!this.log.markSent(eventId, token, sentAt)) {
					logger.warn("The claim went stale and another instance took it over: a second email may follow");
				}
				return;
			}
			catch (RuntimeException ex) {
				if (attempt >= this.properties.markSentAttempts()) {
					logger.error("Emailed, but could not mark it sent after {} attempts ({}): a redelivery after the "
							+ "claim goes stale will email again", attempt, LogSafe.text(ex.getMessage()));
					return;
				}
				logger.warn("Marking sent failed (attempt {}), retrying in {}: {}", attempt, backoff,
						LogSafe.text(ex.getMessage()));
				sleep(backoff);
				backoff = backoff.multipliedBy(2);
			}
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String body(OrderPlaced event) {
		StringBuilder text = new StringBuilder("Thank you for your order ").append(event.orderId()).append(".\n\n");
		event.items()
			.forEach((line) -> text
				.append(String.format("  %3d x %-12s %10s%n", line.quantity(), line.sku(), line.unitPrice())));
		text.append(String.format("%nTotal: %s %s%n", event.total(), event.currency()));
		return text.toString();
	}

	/**
	 * A malformed address fails the same way on every receive: a permanent failure, never
	 * retried with backoff. Strict RFC 822 parsing, one plain address, no display name.
	 */
	private static void requireValidAddress(OrderPlaced event) {
		String email = event.customerEmail();
		try {
			InternetAddress[] addresses = InternetAddress.parse(email, true);
			if (addresses.length != 1 || !addresses[0].getAddress().equals(email) || addresses[0].getPersonal() != null
					|| !email.contains("@")) {
				throw new AddressException("not exactly one plain address");
			}
			addresses[0].validate();
		}
		catch (AddressException ex) {
			throw new PermanentFailureException(
					"OrderPlaced " + event.eventId() + " has a malformed customerEmail " + LogSafe.email(email));
		}
	}

	/**
	 * What processing an event did. The listener counts {@code SENT} and
	 * {@code OPTED_OUT} as a success (done, nothing left to do), {@code DUPLICATE} as a
	 * duplicate (see {@code ProcessingMetrics.Outcome}).
	 */
	enum Outcome {

		/** The customer was emailed. */
		SENT,
		/** The email was sent before: a duplicate delivery, nothing sent. */
		DUPLICATE,
		/** The customer wants no email: nothing sent. */
		OPTED_OUT

	}

	/** Another instance holds the claim on this event; retry later. */
	static class ClaimedElsewhereException extends RuntimeException {

		ClaimedElsewhereException(UUID eventId) {
			super("Another instance is sending the notification of event " + eventId);
		}

	}

	/**
	 * The SMTP server did not accept the email (transient: retried with backoff). Its
	 * message is the SMTP failure's, with customer addresses redacted and line breaks
	 * escaped; the original is not kept as cause, so no log shows it.
	 */
	static class SmtpFailureException extends RuntimeException {

		SmtpFailureException(MailException failure) {
			super("SMTP failed: " + failure.getClass().getSimpleName() + ": " + LogSafe.text(failure.getMessage()));
		}

	}

}
