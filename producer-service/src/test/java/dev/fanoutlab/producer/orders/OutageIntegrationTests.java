package dev.fanoutlab.producer.orders;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Outages of SNS and DynamoDB, each on its own (the other keeps working), made at the
 * network: every request is answered at once with 503 {@code application/problem+json}
 * and {@code Retry-After}, nothing unaccounted is published, and the service recovers by
 * itself.
 */
class OutageIntegrationTests extends AbstractFaultInjectingIntegrationTests {

	static final String ORDER = """
			{"customerEmail":"ada@example.com","items":[{"sku":"BOOK-42","quantity":2,"unitPrice":12.50}]}""";

	@Test
	void whileSnsIsDownAnOrderWithoutAKeyIsAnswered503AndCountedAsAFailure() {
		double failuresBefore = publishFailures();
		sns.mode(FaultyEndpoint.Mode.REFUSE);

		ResponseEntity<JsonNode> refused = post(ORDER, Map.of());

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("5");
		assertThat(refused.getBody().get("detail").asString()).doesNotContain("nothing was published")
			.contains("Idempotency-Key");
		assertThat(publishFailures()).isEqualTo(failuresBefore + 1);
		assertThat(health().at("/components/ordersTopic/status").asString()).isEqualTo("DOWN");
		assertThat(publishedCount()).isZero();

		sns.mode(FaultyEndpoint.Mode.PASS);
		await().untilAsserted(() -> assertThat(health().at("/status").asString()).isEqualTo("UP"));
		assertThat(post(ORDER, Map.of()).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(publishedCount()).isEqualTo(1);
	}

	@Test
	void whileDynamoDbIsDownAnOrderWithAKeyIsAnswered503AndNothingIsPublished() {
		dynamoDb.mode(FaultyEndpoint.Mode.REFUSE);

		ResponseEntity<JsonNode> refused = post(ORDER, Map.of("Idempotency-Key", "outage-dynamodb"));

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(refused.getHeaders().getFirst("Retry-After")).isNotBlank();
		assertThat(refused.getBody().get("detail").asString()).contains("nothing was published");
		assertThat(publishedCount()).isZero();

		dynamoDb.mode(FaultyEndpoint.Mode.PASS);
		assertThat(post(ORDER, Map.of("Idempotency-Key", "outage-dynamodb")).getStatusCode())
			.isEqualTo(HttpStatus.ACCEPTED);
		assertThat(publishedCount()).isEqualTo(1);
	}

	@Test
	void aDynamoDbThatAcceptsConnectionsButNeverAnswersIsAnswered503WithinTheCallTimeout() {
		dynamoDb.mode(FaultyEndpoint.Mode.HANG);

		long start = System.nanoTime();
		ResponseEntity<JsonNode> refused = post(ORDER, Map.of("Idempotency-Key", "brownout-dynamodb"));
		Duration took = Duration.ofNanos(System.nanoTime() - start);

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(took).isLessThan(DYNAMODB_CALL_TIMEOUT.multipliedBy(3));
		assertThat(publishedCount()).isZero();
	}

	@Test
	void aKeyedOrderWhoseSnsAnswerWasLostIsAnswered503AndItsRetryPublishesTheSameEvent() {
		String key = "lost-answer-" + UUID.randomUUID();
		// SNS publishes (moto delivers inside Publish) but its answers never arrive.
		sns.mode(FaultyEndpoint.Mode.DROP_REPLIES);

		long start = System.nanoTime();
		ResponseEntity<JsonNode> lost = post(ORDER, Map.of("Idempotency-Key", key));
		Duration took = Duration.ofNanos(System.nanoTime() - start);

		assertThat(lost.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(lost.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(took).isLessThan(SNS_CALL_TIMEOUT.multipliedBy(2));
		assertThat(publishedCount()).as("copies SNS accepted without a word").isPositive();

		sns.mode(FaultyEndpoint.Mode.PASS);
		ResponseEntity<JsonNode> retry = post(ORDER, Map.of("Idempotency-Key", key));

		assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(retry.getBody().get("orderId")).isEqualTo(lost.getBody().get("orderId"));
		assertThat(retry.getBody().get("eventId")).isEqualTo(lost.getBody().get("eventId"));
		List<JsonNode> events = publishedEvents();
		assertThat(events).hasSizeGreaterThanOrEqualTo(2)
			.extracting((event) -> event.get("eventId").asString())
			.containsOnly(lost.getBody().get("eventId").asString());
	}

	@Test
	void anSnsThatAcceptsConnectionsButNeverAnswersIsAnswered503WithinTheCallTimeout() {
		sns.mode(FaultyEndpoint.Mode.HANG);

		long start = System.nanoTime();
		ResponseEntity<JsonNode> refused = post(ORDER, Map.of());
		Duration took = Duration.ofNanos(System.nanoTime() - start);

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(refused.getHeaders().getFirst("Retry-After")).isNotBlank();
		assertThat(took).isLessThan(SNS_CALL_TIMEOUT.multipliedBy(2));
		assertThat(publishedCount()).isZero();
	}

	@Test
	void anEventOverTheLargestPublishedIsAnswered413AndNotPublished() {
		// The request (about 4 KiB) is far below the 10 MiB request limit; its event is
		// over the largest event published in these tests (3 KB), as a 10 MB event would
		// be.
		String sku = "SKU-" + "X".repeat(28);
		String items = String.join(",",
				Collections.nCopies(50, "{\"sku\":\"" + sku + "\",\"quantity\":1000,\"unitPrice\":999999999.99}"));

		ResponseEntity<JsonNode> refused = post("{\"customerEmail\":\"ada@example.com\",\"items\":[" + items + "]}",
				Map.of());

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
		assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(refused.getBody().get("status").asInt()).isEqualTo(413);
		assertThat(publishedCount()).isZero();
	}

	private JsonNode health() {
		return this.http.get().uri("/actuator/health").retrieve().toEntity(JsonNode.class).getBody();
	}

}
