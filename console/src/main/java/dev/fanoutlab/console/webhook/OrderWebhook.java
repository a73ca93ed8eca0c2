package dev.fanoutlab.console.webhook;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.fanoutlab.console.ConsoleProperties;
import dev.fanoutlab.messaging.ClaimCheck;
import dev.fanoutlab.messaging.PermanentFailureException;
import dev.fanoutlab.topology.EndpointSubscriber;
import dev.fanoutlab.topology.QueueDirectory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.messagemanager.sns.SnsMessageManager;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.payloadoffloading.PayloadS3Pointer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The order webhook, as a partner would host it: what SNS POSTs to the topic's HTTP(S)
 * subscription arrives here.
 * <ul>
 * <li>On AWS every message's signature is verified first, with the AWS SDK's
 * {@link SnsMessageManager} (the verifier Spring Cloud AWS configures; on while
 * {@code spring.cloud.aws.sns.verification} is {@code true}, the default). Against the
 * emulator it is off: moto signs with a throw-away certificate it claims is on AWS's
 * host, so nothing could verify it.</li>
 * <li>A {@code SubscriptionConfirmation} for the console's topic whose
 * {@code SubscribeURL} is SNS's own ({@link SubscribeUrlPolicy}) is confirmed with the
 * SDK ({@code ConfirmSubscription} with its token).</li>
 * <li>A {@code Notification} is handled once per SNS {@code MessageId}: SNS delivers at
 * least once and retries a POST it saw fail even if it arrived, so a redelivery is
 * answered 200 and counted, not handled again. The last {@value #REMEMBERED} message ids
 * are kept, in memory.</li>
 * <li>A bulk order's event over 256 KiB arrives as a claim check: the {@code Message} is
 * the SNS extended client's pointer to the event in S3, and the envelope's
 * {@code MessageAttributes} hold {@value ClaimCheck#ATTRIBUTE}. The webhook fetches the
 * event with {@link ClaimCheck}, as the queue readers do, and shows its order. moto 5.2.1
 * leaves the {@code MessageAttributes} out of HTTP deliveries, so a {@code Message} that
 * is the library's pointer ({@link PayloadS3Pointer}) counts as a claim check too. A
 * payload that is gone (or a pointer to another bucket) is a permanent failure, answered
 * 400 like a malformed message: retrying cannot help. Any other S3 failure is answered
 * 503, for SNS to retry.</li>
 * <li>While the webhook is made unavailable (the classroom's outage switch), a
 * notification is answered 503: on AWS SNS retries it per the subscription's delivery
 * policy, then moves it to the subscription's dead-letter queue; moto 5.2.1 never retries
 * and has no subscription dead-letter queue, so there it is lost.</li>
 * </ul>
 */
@Component
public class OrderWebhook {

	static final int REMEMBERED = 10_000;

	static final int SHOWN = 50;

	private static final Logger logger = LoggerFactory.getLogger(OrderWebhook.class);

	private final SnsClient sns;

	private final QueueDirectory queues;

	private final @Nullable SnsMessageManager verifier;

	private final SubscribeUrlPolicy subscribeUrls;

	private final String topicArn;

	private final JsonMapper json;

	private final ClaimCheck claimCheck;

	private final LinkedHashMap<String, Delivery> deliveries = new LinkedHashMap<>() {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Delivery> eldest) {
			return size() > REMEMBERED;
		}

	};

	private volatile boolean available = true;

	private @Nullable Subscription subscription;

	private @Nullable String confirmedSubscriptionArn;

	private int confirmations;

	private int duplicates;

	private int refusals;

	OrderWebhook(SnsClient sns, SqsAsyncClient sqs, ObjectProvider<SnsMessageManager> verifier,
			ConsoleProperties console, WebhookProperties properties, JsonMapper json, ClaimCheck claimCheck) {
		this.sns = sns;
		this.queues = new QueueDirectory(sqs);
		this.verifier = verifier.getIfAvailable();
		Optional<URI> emulator = sns.serviceClientConfiguration().endpointOverride();
		this.subscribeUrls = emulator
			.map((endpoint) -> SubscribeUrlPolicy.emulator(endpoint, properties.emulatorHosts()))
			.orElseGet(() -> SubscribeUrlPolicy.aws(sns.serviceClientConfiguration().region().id()));
		this.topicArn = console.topicArn();
		this.json = json;
		this.claimCheck = claimCheck;
	}

	/**
	 * Whether SNS is AWS's own, not an emulator's.
	 * @return {@code true} when no SNS endpoint is configured
	 */
	boolean onAws() {
		return this.sns.serviceClientConfiguration().endpointOverride().isEmpty();
	}

	boolean verifiesSignatures() {
		return this.verifier != null;
	}

	/**
	 * Handle what SNS POSTed.
	 * @param body the request body: an SNS message (JSON)
	 * @return what became of it
	 */
	Received receive(String body) {
		JsonNode message;
		try {
			message = this.json.readTree(body);
		}
		catch (JacksonException ex) {
			return Received.MALFORMED;
		}
		if (!message.isObject() || !message.path("Type").isString()) {
			return Received.MALFORMED;
		}
		if (this.verifier != null) {
			try {
				this.verifier.parseMessage(body);
			}
			catch (SdkException | IllegalArgumentException ex) {
				logger.warn("Refused an SNS message whose signature does not verify: {}", ex.getMessage());
				refused();
				return Received.SIGNATURE_INVALID;
			}
		}
		if (!this.topicArn.equals(message.path("TopicArn").asString(""))) {
			refused();
			return Received.FOREIGN_TOPIC;
		}
		return switch (message.path("Type").asString()) {
			case "SubscriptionConfirmation" -> confirm(message);
			case "Notification" -> notification(message);
			case "UnsubscribeConfirmation" -> Received.UNSUBSCRIBE_NOTED;
			default -> Received.MALFORMED;
		};
	}

	private Received confirm(JsonNode message) {
		if (!this.subscribeUrls.accepts(message.path("SubscribeURL").asString(null))) {
			logger.warn("Refused a subscription confirmation whose SubscribeURL is not SNS's own");
			refused();
			return Received.FOREIGN_SUBSCRIBE_URL;
		}
		String token = message.path("Token").asString("");
		String arn;
		try {
			arn = this.sns.confirmSubscription((request) -> request.topicArn(this.topicArn).token(token))
				.subscriptionArn();
		}
		catch (SdkException ex) {
			logger.warn("SNS did not confirm the order webhook's subscription: {}", ex.getMessage());
			return Received.CONFIRMATION_FAILED;
		}
		logger.info("Confirmed the order webhook's subscription {}", arn);
		synchronized (this) {
			this.confirmedSubscriptionArn = arn;
			this.confirmations++;
		}
		return Received.CONFIRMED;
	}

	private Received notification(JsonNode message) {
		String messageId = message.path("MessageId").asString("");
		if (messageId.isEmpty()) {
			return Received.MALFORMED;
		}
		Event event;
		try {
			event = event(message);
		}
		catch (PermanentFailureException ex) {
			logger.warn("Refused SNS message {}: {}", messageId, ex.getMessage());
			refused();
			return Received.PAYLOAD_MISSING;
		}
		catch (SdkException ex) {
			logger.warn("Could not fetch the claim-checked event of SNS message {}: {}", messageId, ex.getMessage());
			refused();
			return Received.PAYLOAD_UNAVAILABLE;
		}
		return notification(messageId, event);
	}

	private synchronized Received notification(String messageId, Event event) {
		Delivery previous = this.deliveries.get(messageId);
		String eventId = event.json().path("eventId").asString("");
		String orderId = event.json().path("orderId").asString("");
		if (!this.available) {
			Delivery refused = (previous != null) ? previous.attemptedAgain(false)
					: Delivery.first(messageId, eventId, orderId, false, event.claimCheck());
			this.deliveries.put(messageId, refused);
			this.refusals++;
			return Received.UNAVAILABLE;
		}
		if (previous != null && previous.handled()) {
			this.deliveries.put(messageId, previous.attemptedAgain(true));
			this.duplicates++;
			return Received.DUPLICATE;
		}
		Delivery delivery = (previous != null) ? previous.attemptedAgain(true)
				: Delivery.first(messageId, eventId, orderId, true, event.claimCheck());
		// Moved to the newest place: shown first.
		this.deliveries.remove(messageId);
		this.deliveries.put(messageId, delivery);
		return Received.PUSHED;
	}

	/**
	 * The event a notification carries, fetched from S3 for a claim check.
	 * @throws PermanentFailureException if a claim check's payload is gone or its pointer
	 * names another bucket
	 * @throws SdkException if S3 failed otherwise
	 */
	private Event event(JsonNode message) {
		String body = message.path("Message").asString("{}");
		JsonNode size = message.at("/MessageAttributes/" + ClaimCheck.ATTRIBUTE + "/Value");
		PayloadS3Pointer pointer = pointer(body);
		if (size.isMissingNode() && pointer == null) {
			return new Event(readQuietly(body), null);
		}
		if (pointer == null) {
			throw new PermanentFailureException("Unreadable claim check: " + body);
		}
		String event = this.claimCheck.resolve(body, true);
		long bytes = size.isMissingNode() ? event.getBytes(StandardCharsets.UTF_8).length
				: Long.parseLong(size.asString("-1").trim());
		return new Event(readQuietly(event), new ClaimChecked(bytes, pointer.getS3BucketName(), pointer.getS3Key()));
	}

	private static @Nullable PayloadS3Pointer pointer(String body) {
		if (!body.startsWith("[")) {
			return null;
		}
		try {
			return PayloadS3Pointer.fromJson(body);
		}
		catch (SdkException ex) {
			return null;
		}
	}

	private JsonNode readQuietly(String body) {
		try {
			return this.json.readTree(body);
		}
		catch (JacksonException ex) {
			return this.json.createObjectNode();
		}
	}

	private synchronized void refused() {
		this.refusals++;
	}

	/**
	 * Make the webhook available, or unavailable as in a partner's outage.
	 * @param available {@code false} to answer every notification 503
	 */
	void available(boolean available) {
		this.available = available;
	}

	synchronized void subscribed(URI endpoint, EndpointSubscriber.Subscribed subscribed, String deadLetterQueue) {
		this.subscription = new Subscription(endpoint, subscribed.subscriptionArn(), subscribed.pendingConfirmation(),
				deadLetterQueue);
	}

	synchronized void unsubscribed() {
		this.subscription = null;
	}

	/**
	 * What the console shows of the webhook.
	 * @return the view
	 */
	public View view() {
		Subscription subscription;
		List<Delivery> shown = new ArrayList<>();
		int pushed = 0;
		int duplicates;
		int refusals;
		int confirmations;
		String confirmed;
		synchronized (this) {
			subscription = this.subscription;
			for (Delivery delivery : this.deliveries.values()) {
				pushed += delivery.handled() ? 1 : 0;
				shown.add(0, delivery);
			}
			duplicates = this.duplicates;
			refusals = this.refusals;
			confirmed = this.confirmedSubscriptionArn;
			confirmations = this.confirmations;
		}
		Integer deadLetters = (subscription != null) ? deadLetters(subscription.deadLetterQueue()) : null;
		return new View(subscription, confirmed, confirmations, verifiesSignatures(), this.available, deadLetters,
				pushed, duplicates, refusals, shown.subList(0, Math.min(SHOWN, shown.size())));
	}

	private @Nullable Integer deadLetters(String queue) {
		try {
			return Integer.valueOf(this.queues.attributes(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
				.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * What became of a POST.
	 */
	enum Received {

		/** A new notification, handled. */
		PUSHED,

		/** A notification whose {@code MessageId} was handled before: not again. */
		DUPLICATE,

		/** A subscription confirmation, confirmed with {@code ConfirmSubscription}. */
		CONFIRMED,

		/** {@code ConfirmSubscription} failed (an expired or foreign token, SNS down). */
		CONFIRMATION_FAILED,

		/** SNS says the subscription was removed. */
		UNSUBSCRIBE_NOTED,

		/** The webhook is unavailable (the outage switch): 503, for SNS to retry. */
		UNAVAILABLE,

		/** Not an SNS message. */
		MALFORMED,

		/** The signature does not verify (AWS only). */
		SIGNATURE_INVALID,

		/** A message of another topic than the console's. */
		FOREIGN_TOPIC,

		/** A confirmation whose {@code SubscribeURL} is not SNS's. */
		FOREIGN_SUBSCRIBE_URL,

		/**
		 * A claim check whose payload is gone, or whose pointer is unreadable or names
		 * another bucket: a permanent failure.
		 */
		PAYLOAD_MISSING,

		/** A claim check whose payload S3 could not deliver now: SNS may retry. */
		PAYLOAD_UNAVAILABLE

	}

	/**
	 * The webhook's subscription.
	 *
	 * @param endpoint the URL SNS POSTs to
	 * @param subscriptionArn the subscription
	 * @param pendingConfirmation whether SNS waits for the endpoint to confirm it
	 * @param deadLetterQueue the subscription's dead-letter queue
	 */
	public record Subscription(URI endpoint, String subscriptionArn, boolean pendingConfirmation,
			String deadLetterQueue) {

	}

	/**
	 * One message SNS pushed, by its {@code MessageId}.
	 *
	 * @param messageId the SNS message id
	 * @param eventId the event's id
	 * @param orderId the order's id
	 * @param firstAttemptAt when the first POST of it arrived
	 * @param attempts how many POSTs of it arrived
	 * @param handled whether it was handled (once); {@code false} while every POST was
	 * refused
	 * @param claimCheck the claim check the event came as, {@code null} for an event
	 * pushed whole
	 */
	public record Delivery(String messageId, String eventId, String orderId, Instant firstAttemptAt, int attempts,
			boolean handled, @Nullable ClaimChecked claimCheck) {

		static Delivery first(String messageId, String eventId, String orderId, boolean handled,
				@Nullable ClaimChecked claimCheck) {
			return new Delivery(messageId, eventId, orderId, Instant.now(), 1, handled, claimCheck);
		}

		Delivery attemptedAgain(boolean handled) {
			return new Delivery(this.messageId, this.eventId, this.orderId, this.firstAttemptAt, this.attempts + 1,
					this.handled || handled, this.claimCheck);
		}

	}

	/**
	 * A claim check pushed to the webhook: the SNS extended client's pointer to an event
	 * over 256 KiB in S3.
	 *
	 * @param size the event's size in bytes
	 * @param bucket the S3 bucket the pointer names
	 * @param key the S3 key the pointer names
	 */
	public record ClaimChecked(long size, String bucket, String key) {

	}

	private record Event(JsonNode json, @Nullable ClaimChecked claimCheck) {

	}

	/**
	 * The webhook as the console shows it.
	 *
	 * @param subscription its subscription, {@code null} when none is configured
	 * @param confirmedSubscriptionArn the subscription {@code ConfirmSubscription} last
	 * answered, {@code null} before any confirmation arrived (moto sends none)
	 * @param confirmations subscription confirmations confirmed with the SDK
	 * @param signaturesVerified whether signatures are verified (off against an emulator)
	 * @param available whether it accepts notifications (the outage switch)
	 * @param deadLetters messages in the subscription's dead-letter queue, {@code null}
	 * if unknown
	 * @param pushed notifications handled
	 * @param duplicates notifications received again after they were handled
	 * @param refusals POSTs refused (webhook unavailable, foreign, unverified)
	 * @param deliveries the latest messages, newest first
	 */
	public record View(@Nullable Subscription subscription, @Nullable String confirmedSubscriptionArn,
			int confirmations, boolean signaturesVerified, boolean available, @Nullable Integer deadLetters, int pushed,
			int duplicates, int refusals, List<Delivery> deliveries) {

	}

}
