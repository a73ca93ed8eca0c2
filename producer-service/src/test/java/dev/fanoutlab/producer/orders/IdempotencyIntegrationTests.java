package dev.fanoutlab.producer.orders;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.fanoutlab.producer.orders.IdempotencyKeys.Attempt;
import dev.fanoutlab.producer.orders.IdempotencyKeys.Claim;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The idempotency contract of {@code POST /api/orders} ({@link IdempotencyKeys}) under
 * the faults that break naive implementations: a failed completion, a failed publish, a
 * crashed request, concurrent retries, equal orders written differently, and expiry.
 */
class IdempotencyIntegrationTests extends AbstractFaultInjectingIntegrationTests {

	@Autowired
	private DynamoDbClient dynamoDbClient;

	@Autowired
	private IdempotencyProperties idempotencyProperties;

	static final String ORDER = """
			{"customerEmail":"ada@example.com","items":[{"sku":"BOOK-42","quantity":2,"unitPrice":12.50}]}""";

	@Test
	void aRetryAfterTheKeyCouldNotBeCompletedPublishesTheSameEventAgainNeverANewOne() {
		String key = key();
		this.idempotencyKeys.failNextComplete();

		ResponseEntity<JsonNode> first = post(ORDER, Map.of("Idempotency-Key", key));
		// SNS accepted the event: the order is placed, whatever became of the key
		assertThat(first.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(publishedCount()).isEqualTo(1);

		ResponseEntity<JsonNode> duringLease = post(ORDER, Map.of("Idempotency-Key", key));
		assertThat(duringLease.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(duringLease.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(Long.parseLong(duringLease.getHeaders().getFirst("Retry-After"))).isBetween(1L, 30L);

		this.clock.advance(Duration.ofSeconds(31));
		ResponseEntity<JsonNode> afterLease = post(ORDER, Map.of("Idempotency-Key", key));
		ResponseEntity<JsonNode> replay = post(ORDER, Map.of("Idempotency-Key", key));

		assertThat(afterLease.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(afterLease.getBody()).isEqualTo(first.getBody());
		assertThat(replay.getBody()).isEqualTo(first.getBody());
		List<JsonNode> events = publishedEvents();
		assertThat(events).hasSize(2)
			.extracting((event) -> event.get("eventId").asString())
			.containsOnly(first.getBody().get("eventId").asString());
		assertThat(events).extracting((event) -> event.get("orderId").asString())
			.containsOnly(first.getBody().get("orderId").asString());
		assertThat(events.get(1)).isEqualTo(events.get(0));
	}

	@Test
	void aRetryAfterAFailedPublishPublishesOnceWithTheIdsOfTheFirstAttempt() {
		String key = key();
		double failuresBefore = publishFailures();
		sns.mode(FaultyEndpoint.Mode.REFUSE);

		ResponseEntity<JsonNode> refused = post(ORDER, Map.of("Idempotency-Key", key));

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(refused.getHeaders().getFirst("Retry-After")).isNotBlank();
		assertThat(refused.getBody().get("detail").asString()).doesNotContain("nothing was published")
			.contains("may or may not have been published")
			.contains("same Idempotency-Key");
		assertThat(publishFailures()).isEqualTo(failuresBefore + 1);
		assertThat(publishedCount()).isZero();

		sns.mode(FaultyEndpoint.Mode.PASS);
		ResponseEntity<JsonNode> retry = post(ORDER, Map.of("Idempotency-Key", key));
		ResponseEntity<JsonNode> again = post(ORDER, Map.of("Idempotency-Key", key));

		assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(retry.getBody().get("orderId")).isEqualTo(refused.getBody().get("orderId"));
		assertThat(retry.getBody().get("eventId")).isEqualTo(refused.getBody().get("eventId"));
		assertThat(again.getBody()).isEqualTo(retry.getBody());
		assertThat(publishedEvents()).singleElement()
			.extracting((event) -> event.get("eventId"))
			.isEqualTo(refused.getBody().get("eventId"));
	}

	@Test
	void aRetryTakesOverTheKeyOfACrashedRequestOnceItsLeaseEndedAndPublishesItsEvent() {
		String key = key();
		Attempt crashed = new Attempt(new OrderAccepted(UUID.randomUUID(), UUID.randomUUID()),
				Instant.parse("2026-01-01T00:00:00Z"), "crashed-request");
		// A request claimed the key and died before publishing (or while publishing).
		assertThat(this.idempotencyKeys.claim(key, order("12.50"), crashed)).isInstanceOf(Claim.Owned.class);

		ResponseEntity<JsonNode> blocked = post(ORDER, Map.of("Idempotency-Key", key));
		this.clock.advance(Duration.ofSeconds(31));
		ResponseEntity<JsonNode> takenOver = post(ORDER, Map.of("Idempotency-Key", key));

		assertThat(blocked.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(takenOver.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(takenOver.getBody().get("orderId").asString()).isEqualTo(crashed.ids().orderId().toString());
		assertThat(takenOver.getBody().get("eventId").asString()).isEqualTo(crashed.ids().eventId().toString());
		List<JsonNode> events = publishedEvents();
		assertThat(events).hasSize(1);
		assertThat(events.get(0).get("eventId").asString()).isEqualTo(crashed.ids().eventId().toString());
		assertThat(events.get(0).get("correlationId").asString()).isEqualTo("crashed-request");
	}

	@Test
	void ofTwoConcurrentRequestsWithTheSameKeyOnePublishesAndTheOtherGets409() throws Exception {
		String key = key();
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch firstPublished = this.idempotencyKeys.holdNextComplete(release);

		CompletableFuture<ResponseEntity<JsonNode>> first = CompletableFuture
			.supplyAsync(() -> post(ORDER, Map.of("Idempotency-Key", key)));
		assertThat(firstPublished.await(30, TimeUnit.SECONDS)).isTrue();
		ResponseEntity<JsonNode> second = post(ORDER, Map.of("Idempotency-Key", key));
		release.countDown();

		assertThat(second.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(second.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(second.getHeaders().getFirst("Retry-After")).isNotBlank();
		assertThat(first.get(30, TimeUnit.SECONDS).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(publishedCount()).isEqualTo(1);
	}

	@Test
	void aClaimWhoseAnswerWasLostAndThatTheSdkRetriedIsTheRequestsOwnAndPublishes() {
		String key = key();
		// The claim is written, its answer lost; the SDK's retry after the attempt
		// timeout
		// fails its condition on the item the first attempt wrote.
		dynamoDb.dropNextReply();

		ResponseEntity<JsonNode> placed = post(ORDER, Map.of("Idempotency-Key", key));
		ResponseEntity<JsonNode> replay = post(ORDER, Map.of("Idempotency-Key", key));

		assertThat(placed.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(replay.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(replay.getBody()).isEqualTo(placed.getBody());
		assertThat(publishedCount()).isEqualTo(1);
	}

	@Test
	void aClaimWrittenAgainWithItsOwnLeaseTokenIsOwnedAndAnotherTokenIsInProgress() {
		DynamoDbIdempotencyKeys keys = new DynamoDbIdempotencyKeys(this.dynamoDbClient, this.idempotencyProperties,
				this.clock);
		String key = key();
		String token = UUID.randomUUID().toString();
		Attempt proposed = new Attempt(new OrderAccepted(UUID.randomUUID(), UUID.randomUUID()), this.clock.instant(),
				"first");

		Claim first = keys.claim(key, order("12.50"), proposed, token);
		Claim retried = keys.claim(key, order("12.50"), proposed, token);

		assertThat(first).isEqualTo(new Claim.Owned(key, token, proposed, false));
		assertThat(retried).isEqualTo(first);
		assertThatExceptionOfType(IdempotencyKeys.RequestInProgressException.class).isThrownBy(() -> keys.claim(key,
				order("12.50"),
				new Attempt(new OrderAccepted(UUID.randomUUID(), UUID.randomUUID()), this.clock.instant(), "second"),
				UUID.randomUUID().toString()));
	}

	@Test
	void theSameOrderWithPricesWrittenDifferentlyIsARetryNotADifferentOrder() {
		String key = key();

		ResponseEntity<JsonNode> first = post(ORDER.replace("12.50", "12.5"), Map.of("Idempotency-Key", key));
		ResponseEntity<JsonNode> trailingZeros = post(ORDER, Map.of("Idempotency-Key", key));
		ResponseEntity<JsonNode> exponent = post(ORDER.replace("12.50", "1.25E+1"), Map.of("Idempotency-Key", key));

		assertThat(first.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(trailingZeros.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(trailingZeros.getBody()).isEqualTo(first.getBody());
		assertThat(exponent.getBody()).isEqualTo(first.getBody());
		assertThat(publishedCount()).isEqualTo(1);
	}

	@Test
	void aKeyIsFreeAgainAfterItsRetentionAndThenPlacesANewOrder() {
		String key = key();
		ResponseEntity<JsonNode> first = post(ORDER, Map.of("Idempotency-Key", key));

		this.clock.advance(Duration.ofHours(24).plusSeconds(1));
		ResponseEntity<JsonNode> afterExpiry = post(ORDER.replace("ada@", "bob@"), Map.of("Idempotency-Key", key));

		assertThat(first.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(afterExpiry.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(afterExpiry.getBody().get("eventId")).isNotEqualTo(first.getBody().get("eventId"));
		assertThat(publishedCount()).isEqualTo(2);
	}

	@Test
	void anOrderRefusedAsTooLargeReleasesItsKeyAndPublishesNothing() {
		String key = key();
		String sku = "SKU-" + "X".repeat(28);
		String items = String.join(",",
				Collections.nCopies(50, "{\"sku\":\"" + sku + "\",\"quantity\":1000,\"unitPrice\":999999999.99}"));

		ResponseEntity<JsonNode> tooLarge = post("{\"customerEmail\":\"ada@example.com\",\"items\":[" + items + "]}",
				Map.of("Idempotency-Key", key));
		ResponseEntity<JsonNode> smaller = post(ORDER, Map.of("Idempotency-Key", key));

		assertThat(tooLarge.getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
		assertThat(tooLarge.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(tooLarge.getBody().get("detail").asString()).contains("SNS").contains("Nothing was published");
		assertThat(smaller.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(publishedCount()).isEqualTo(1);
	}

	private static String key() {
		return "test-" + UUID.randomUUID();
	}

	private static PlaceOrder order(String unitPrice) {
		return new PlaceOrder("ada@example.com", List.of(new PlaceOrder.Item("BOOK-42", 2, new BigDecimal(unitPrice))),
				null, null);
	}

}
