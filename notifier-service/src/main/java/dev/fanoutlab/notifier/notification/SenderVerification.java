package dev.fanoutlab.notifier.notification;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.mail.MailSendException;
import org.springframework.stereotype.Component;

/**
 * Whether the SMTP server accepts this notifier's emails as configured. Amazon SES
 * answers {@code 554 Message rejected: Email address is not verified} when the sender
 * (or, in the SES sandbox, the recipient) is not a verified identity of the region: a
 * configuration error that no retry fixes. Once seen, health (component
 * {@code senderVerification}) is DOWN with the server's answer (addresses redacted, as in
 * the logs: in the sandbox they may be customers') and the configured sender, until the
 * service restarts.
 */
@Component("senderVerification")
class SenderVerification implements HealthIndicator {

	private final AtomicReference<String> rejection = new AtomicReference<>();

	private final String sender;

	SenderVerification(NotificationProperties properties) {
		this.sender = properties.from();
	}

	/**
	 * Whether a failure is SES rejecting an unverified identity: an SMTP 554 whose text
	 * says the address is not verified, anywhere in the cause chain.
	 * @param failure what sending threw
	 * @return the server's answer if it is such a rejection, otherwise {@code null}
	 */
	static @Nullable String unverifiedIdentityRejection(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			String message = cause.getMessage();
			if (message != null && message.contains("554")
					&& message.toLowerCase(Locale.ROOT).contains("not verified")) {
				return message.substring(message.indexOf("554")).replaceAll("(\\\\[rn])+$", "").strip();
			}
			if (cause instanceof MailSendException send) {
				for (Exception failed : send.getFailedMessages().values()) {
					String found = unverifiedIdentityRejection(failed);
					if (found != null) {
						return found;
					}
				}
			}
		}
		return null;
	}

	/**
	 * Record a rejection.
	 * @param answer the SMTP server's answer
	 * @return whether it is the first one recorded
	 */
	boolean rejected(String answer) {
		return this.rejection.compareAndSet(null, answer);
	}

	@Override
	public Health health() {
		String answer = this.rejection.get();
		if (answer == null) {
			return Health.up().build();
		}
		return Health.down()
			.withDetail("reason", "The SMTP server rejected an identity as not verified: " + answer)
			.withDetail("sender", this.sender)
			.withDetail("fix", "Verify the sender (and, in the SES sandbox, the recipients) in SES, then restart")
			.build();
	}

}
