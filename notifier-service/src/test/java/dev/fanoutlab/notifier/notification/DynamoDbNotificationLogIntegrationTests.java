package dev.fanoutlab.notifier.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.fanoutlab.notifier.notification.NotificationLog.Claim;
import dev.fanoutlab.testsupport.LocalAws;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two notifier instances sharing the real notifications table (moto), driven directly,
 * with a clock the test moves: the claim token keeps a claim that was taken over the new
 * holder's, and a claim put repeated with the same token (the SDK retrying it) keeps it.
 */
class DynamoDbNotificationLogIntegrationTests {

	static final LocalAws aws = LocalAws.get();

	static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(40);

	final NotificationProperties properties = new NotificationProperties("fanout-lab-notifications",
			"orders@fanoutlab.dev", CLAIM_TIMEOUT, 3, Duration.ofMillis(200));

	final NotificationLog first = new DynamoDbNotificationLog(aws.dynamoDb(), this.properties);

	final NotificationLog second = new DynamoDbNotificationLog(aws.dynamoDb(), this.properties);

	Instant now = Instant.parse("2026-01-01T10:00:00Z");

	UUID eventId;

	Notification notification;

	@BeforeEach
	void newEvent() {
		aws.reset();
		this.eventId = UUID.randomUUID();
		this.notification = new Notification(this.eventId, UUID.randomUUID(), "ada@example.com", "Your order",
				"SENDING", null);
	}

	@Test
	void aSecondInstanceWaitsWhileTheClaimHolds() {
		assertThat(claim(this.first, UUID.randomUUID())).isEqualTo(Claim.CLAIMED);
		this.now = this.now.plus(CLAIM_TIMEOUT.minusSeconds(1));

		assertThat(claim(this.second, UUID.randomUUID())).isEqualTo(Claim.IN_PROGRESS);
	}

	@Test
	void aRetriedClaimThatFindsItsOwnItemHoldsTheClaim() {
		// The SDK retrying a put whose first attempt timed out after writing the item.
		UUID token = UUID.randomUUID();
		assertThat(claim(this.first, token)).isEqualTo(Claim.CLAIMED);

		assertThat(claim(this.first, token)).isEqualTo(Claim.CLAIMED);
		assertThat(claim(this.second, UUID.randomUUID())).as("another token still waits").isEqualTo(Claim.IN_PROGRESS);
	}

	@Test
	void aRetriedClaimThatFindsItsOwnItemMarkedSentIsAlreadySent() {
		UUID token = UUID.randomUUID();
		assertThat(claim(this.first, token)).isEqualTo(Claim.CLAIMED);
		assertThat(this.first.markSent(this.eventId, token, this.now)).isTrue();

		assertThat(claim(this.first, token)).isEqualTo(Claim.ALREADY_SENT);
	}

	@Test
	void theFirstInstanceCannotReleaseAClaimTakenOverByTheSecond() {
		UUID firstToken = UUID.randomUUID();
		UUID secondToken = UUID.randomUUID();
		assertThat(claim(this.first, firstToken)).isEqualTo(Claim.CLAIMED);
		this.now = this.now.plus(CLAIM_TIMEOUT).plusSeconds(1);
		assertThat(claim(this.second, secondToken)).as("a stale claim is taken over").isEqualTo(Claim.CLAIMED);

		this.first.release(this.eventId, firstToken);

		assertThat(item()).containsEntry("claimToken", AttributeValue.fromS(secondToken.toString()))
			.containsEntry("status", AttributeValue.fromS("SENDING"));
		assertThat(claim(this.first, UUID.randomUUID())).as("the second instance still holds it")
			.isEqualTo(Claim.IN_PROGRESS);
	}

	@Test
	void theFirstInstanceCannotMarkSentAClaimTakenOverByTheSecond() {
		UUID firstToken = UUID.randomUUID();
		UUID secondToken = UUID.randomUUID();
		assertThat(claim(this.first, firstToken)).isEqualTo(Claim.CLAIMED);
		this.now = this.now.plus(CLAIM_TIMEOUT).plusSeconds(1);
		assertThat(claim(this.second, secondToken)).isEqualTo(Claim.CLAIMED);

		assertThat(this.first.markSent(this.eventId, firstToken, this.now)).isFalse();

		assertThat(item()).containsEntry("claimToken", AttributeValue.fromS(secondToken.toString()))
			.containsEntry("status", AttributeValue.fromS("SENDING"))
			.doesNotContainKey("sentAt");
		assertThat(this.second.markSent(this.eventId, secondToken, this.now)).isTrue();
		this.first.release(this.eventId, firstToken);
		assertThat(item()).containsEntry("status", AttributeValue.fromS("SENT"));
	}

	@Test
	void markingSentAgainWithTheSameTokenSucceeds() {
		UUID token = UUID.randomUUID();
		assertThat(claim(this.first, token)).isEqualTo(Claim.CLAIMED);

		assertThat(this.first.markSent(this.eventId, token, this.now)).isTrue();
		assertThat(this.first.markSent(this.eventId, token, this.now)).isTrue();

		assertThat(claim(this.second, UUID.randomUUID())).isEqualTo(Claim.ALREADY_SENT);
	}

	@Test
	void releasingItsOwnClaimLetsARetrySend() {
		UUID token = UUID.randomUUID();
		assertThat(claim(this.first, token)).isEqualTo(Claim.CLAIMED);

		this.first.release(this.eventId, token);

		assertThat(claim(this.second, UUID.randomUUID())).isEqualTo(Claim.CLAIMED);
	}

	private Claim claim(NotificationLog log, UUID token) {
		return log.claim(this.notification, token, this.now, this.now.minus(CLAIM_TIMEOUT));
	}

	private Map<String, AttributeValue> item() {
		return aws.dynamoDb()
			.getItem((request) -> request.tableName("fanout-lab-notifications")
				.key(Map.of("eventId", AttributeValue.fromS(this.eventId.toString())))
				.consistentRead(true))
			.item();
	}

}
