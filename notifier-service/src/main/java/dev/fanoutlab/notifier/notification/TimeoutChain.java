package dev.fanoutlab.notifier.notification;

import java.time.Duration;
import java.util.Map;

import dev.fanoutlab.messaging.AwsTimeoutProperties;
import dev.fanoutlab.messaging.ListenerProperties;
import dev.fanoutlab.messaging.VisibilityTimeout;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.boot.mail.autoconfigure.MailProperties;
import org.springframework.stereotype.Component;

/**
 * Checks at startup, and stops the service if it does not hold, that
 * <p>
 * <b>longest send &lt; claim timeout &lt; visibility timeout of the queue</b>
 * <ul>
 * <li>the longest send (the DynamoDB call that claims, the longest the SMTP timeouts
 * allow: connect, plus read and write timeouts per SMTP round trip: greeting, EHLO, MAIL
 * FROM, RCPT TO, DATA, the message, QUIT, more with STARTTLS and authentication; then
 * every attempt to mark it sent, each a DynamoDB call bounded by
 * {@code fanout-lab.aws.dynamodb.api-call-timeout}, and the pauses between them) ends
 * before the claim goes stale, so no other instance takes the claim over and sends a
 * second email while this one is still sending (the claim's time is taken before the
 * claim call, so a slow claim counts);</li>
 * <li>the claim goes stale before SQS makes the message visible again after a crash, so
 * the redelivery can take the abandoned claim over.</li>
 * </ul>
 * JavaMail's timeouts bound each socket operation, not the whole send: a server that
 * answers every command just under the read timeout is covered; one that trickles bytes
 * forever is not.
 */
@Component
class TimeoutChain {

	/** Greeting, EHLO, MAIL FROM, RCPT TO, DATA, end of data, QUIT. */
	static final int READS = 7;

	/** EHLO, MAIL FROM, RCPT TO, DATA, the message, QUIT. */
	static final int WRITES = 6;

	/** STARTTLS, two TLS handshake flights, EHLO again. */
	static final int STARTTLS_ROUND_TRIPS = 4;

	/** AUTH LOGIN: the command, the user name, the password. */
	static final int AUTH_ROUND_TRIPS = 3;

	private final Duration longestSend;

	TimeoutChain(MailProperties mail, NotificationProperties notifications, ListenerProperties listener,
			AwsTimeoutProperties aws, SqsAsyncClient sqs) {
		Duration dynamoDbCall = aws.dynamodb().apiCallTimeout();
		int dynamoDbCalls = 1 + notifications.markSentAttempts();
		this.longestSend = longestSend(mail).plus(notifications.markSentRetryTime())
			.plus(dynamoDbCall.multipliedBy(dynamoDbCalls));
		Duration claimTimeout = notifications.claimTimeout();
		if (this.longestSend.compareTo(claimTimeout) >= 0) {
			throw new IllegalStateException(("An email can take up to %s to claim, send and mark (SMTP timeouts %s; "
					+ "%d DynamoDB calls, the claim and %d marks, of up to %s each), not less than "
					+ "fanout-lab.notifications.claim-timeout (%s): another instance could send it a second time. "
					+ "Lower spring.mail.properties[mail.smtp.connectiontimeout|timeout|writetimeout], "
					+ "fanout-lab.aws.dynamodb.api-call-timeout or fanout-lab.notifications.mark-sent-attempts, or "
					+ "raise the claim timeout (it must stay below the queue's visibility timeout).")
				.formatted(this.longestSend, describe(mail), dynamoDbCalls, notifications.markSentAttempts(),
						dynamoDbCall, claimTimeout));
		}
		Duration visibilityTimeout = VisibilityTimeout.of(sqs, listener.queue());
		if (claimTimeout.compareTo(visibilityTimeout) >= 0) {
			throw new IllegalStateException(("fanout-lab.notifications.claim-timeout (%s) is not less than the "
					+ "visibility timeout of %s (%s): after a crash the message comes back while its claim still "
					+ "holds. Lower the claim timeout or raise the queue's visibility timeout.")
				.formatted(claimTimeout, listener.queue(), visibilityTimeout));
		}
	}

	/**
	 * The longest time sending one email may take with these settings.
	 * @param mail the {@code spring.mail} settings
	 * @return connect timeout plus read and write timeouts times the SMTP round trips
	 * @throws IllegalStateException if a timeout is not set (JavaMail then waits forever)
	 */
	static Duration longestSend(MailProperties mail) {
		String prefix = "mail." + mail.getProtocol() + ".";
		Map<String, String> properties = mail.getProperties();
		int roundTrips = 0;
		if (Boolean.parseBoolean(properties.get(prefix + "starttls.enable"))) {
			roundTrips += STARTTLS_ROUND_TRIPS;
		}
		if (Boolean.parseBoolean(properties.get(prefix + "auth"))
				|| (mail.getUsername() != null && !mail.getUsername().isEmpty())) {
			roundTrips += AUTH_ROUND_TRIPS;
		}
		return timeout(properties, prefix + "connectiontimeout")
			.plus(timeout(properties, prefix + "timeout").multipliedBy(READS + roundTrips))
			.plus(timeout(properties, prefix + "writetimeout").multipliedBy(WRITES + roundTrips));
	}

	Duration longestSend() {
		return this.longestSend;
	}

	private static Duration timeout(Map<String, String> properties, String name) {
		String value = properties.get(name);
		if (value == null || value.isBlank() || Long.parseLong(value.trim()) <= 0) {
			throw new IllegalStateException("spring.mail.properties[" + name + "] must be set to a positive number of "
					+ "milliseconds: without it JavaMail waits forever and a claim can go stale mid-send");
		}
		return Duration.ofMillis(Long.parseLong(value.trim()));
	}

	private static String describe(MailProperties mail) {
		String prefix = "mail." + mail.getProtocol() + ".";
		return "connect %sms, read %sms, write %sms".formatted(mail.getProperties().get(prefix + "connectiontimeout"),
				mail.getProperties().get(prefix + "timeout"), mail.getProperties().get(prefix + "writetimeout"));
	}

}
