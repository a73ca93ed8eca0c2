package dev.fanoutlab.notifier.notification;

import java.util.concurrent.CompletableFuture;

import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import io.awspring.cloud.sqs.listener.interceptor.MessageInterceptor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * Treats SES rejecting an unverified identity as the configuration error it is, not as a
 * transient failure: it reports it (health DOWN, one ERROR line naming the fix) and stops
 * reading {@code order-notifications}. The failed message keeps its retry backoff and
 * stays in the queue with the others, unreceived, so none exhausts maxReceiveCount and
 * lands in the DLQ; the queue's age alarm fires instead. After verifying the identity,
 * restart the service and they are sent.
 */
@Component
class UnverifiedSenderGuard implements MessageInterceptor<Object> {

	private static final Logger logger = LoggerFactory.getLogger(UnverifiedSenderGuard.class);

	private final SenderVerification verification;

	private final MessageListenerContainerRegistry listeners;

	UnverifiedSenderGuard(SenderVerification verification, MessageListenerContainerRegistry listeners) {
		this.verification = verification;
		this.listeners = listeners;
	}

	@Override
	public void afterProcessing(Message<Object> message, @Nullable Throwable failure) {
		String answer = (failure != null) ? SenderVerification.unverifiedIdentityRejection(failure) : null;
		if (answer == null) {
			return;
		}
		if (this.verification.rejected(answer)) {
			logger.error("Configuration error, not retrying: the SMTP server rejected an identity as not verified"
					+ " ({}). Verify the sender address (fanout-lab.notifications.from) in SES, and the recipients"
					+ " while the account is in the SES sandbox; until then this instance stops reading the queue"
					+ " and notifications wait there, out of the DLQ. Restart it afterwards.", answer);
		}
		// Not on this thread: stopping waits for the messages in flight, this one
		// included.
		CompletableFuture.runAsync(() -> this.listeners.getListenerContainers()
			.stream()
			.filter(MessageListenerContainer::isRunning)
			.forEach(MessageListenerContainer::stop));
	}

}
