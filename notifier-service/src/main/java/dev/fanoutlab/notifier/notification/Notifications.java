package dev.fanoutlab.notifier.notification;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.fanoutlab.messaging.PermanentFailureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;

/**
 * Emails the customer once per order event, whatever the number of deliveries.
 */
@Service
public class Notifications {

	private static final Logger logger = LoggerFactory.getLogger(Notifications.class);

	private final NotificationLog log;

	private final JavaMailSender mailSender;

	private final NotificationProperties properties;

	private final Clock clock;

	Notifications(NotificationLog log, JavaMailSender mailSender, NotificationProperties properties, Clock clock) {
		this.log = log;
		this.mailSender = mailSender;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Email the customer about the order.
	 * @param event the event
	 * @return what happened
	 * @throws PermanentFailureException if the event violates the contract
	 * @throws MailException if the SMTP server did not accept the email; retry later
	 * @throws ClaimedElsewhereException if another instance is sending it right now
	 */
	public Outcome notify(OrderPlaced event) {
		requireValid(event);
		if (Boolean.FALSE.equals(event.notifyCustomer())) {
			// The subscription's filter policy keeps these out; a message sent to the
			// queue
			// directly can still carry one.
			return Outcome.OPTED_OUT;
		}
		String subject = "Your order " + event.orderId().toString().substring(0, 8) + " is confirmed";
		Notification notification = new Notification(event.eventId(), event.orderId(), event.customerEmail(), subject,
				"SENDING", null);
		Instant now = this.clock.instant();
		switch (this.log.claim(notification, now, now.minus(this.properties.claimTimeout()))) {
			case ALREADY_SENT -> {
				return Outcome.DUPLICATE;
			}
			case IN_PROGRESS -> throw new ClaimedElsewhereException(event.eventId());
			case CLAIMED -> send(event, subject);
		}
		this.log.markSent(event.eventId(), this.clock.instant());
		logger.info("Emailed {} about order {}", event.customerEmail(), event.orderId());
		return Outcome.SENT;
	}

	public List<Notification> findByOrderId(UUID orderId) {
		return this.log.findByOrderId(orderId);
	}

	private void send(OrderPlaced event, String subject) {
		SimpleMailMessage mail = new SimpleMailMessage();
		mail.setFrom(this.properties.from());
		mail.setTo(event.customerEmail());
		mail.setSubject(subject);
		mail.setText(body(event));
		try {
			this.mailSender.send(mail);
		}
		catch (MailException ex) {
			try {
				this.log.release(event.eventId());
			}
			catch (RuntimeException releaseFailure) {
				// The claim then holds until it is stale; the retry after that sends.
				ex.addSuppressed(releaseFailure);
			}
			throw ex;
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

	private static void requireValid(OrderPlaced event) {
		if (event.schemaVersion() == null || event.schemaVersion() != 1) {
			throw new PermanentFailureException("Unsupported OrderPlaced schemaVersion " + event.schemaVersion());
		}
		if (event.eventId() == null || event.orderId() == null || event.customerEmail() == null || event.items() == null
				|| event.items().isEmpty()) {
			throw new PermanentFailureException("OrderPlaced " + event.eventId() + " violates the v1 contract");
		}
	}

	/** What processing an event did. */
	public enum Outcome {

		SENT, DUPLICATE, OPTED_OUT

	}

	/** Another instance holds the claim on this event; retry later. */
	public static class ClaimedElsewhereException extends RuntimeException {

		ClaimedElsewhereException(UUID eventId) {
			super("Another instance is sending the notification of event " + eventId);
		}

	}

}
