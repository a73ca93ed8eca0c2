package dev.fanoutlab.producer.orders;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.UUID;
import java.util.stream.Stream;

import dev.fanoutlab.producer.orders.IdempotencyKeys.Attempt;
import dev.fanoutlab.producer.orders.IdempotencyKeys.Claim;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * {@code POST /api/orders} in the web slice, with the real {@link OrderPlacement} and
 * test doubles of our own {@link SnsOrderPublisher} and {@link IdempotencyKeys}: the
 * validation matrix, the size and content type limits, and how each failure of the order
 * path is answered. No AWS here; the emulator tests ({@code *IntegrationTests}) prove the
 * real publish.
 */
@WebMvcTest(OrderController.class)
@Import({ OrderPlacement.class, OrderControllerTests.FixedClock.class })
class OrderControllerTests {

	static final String ITEM = "{\"sku\":\"BOOK-42\",\"quantity\":1,\"unitPrice\":1}";

	static final String VALID_ORDER = """
			{"customerEmail":"ada@example.com","items":[{"sku":"BOOK-42","quantity":2,"unitPrice":12.50}]}""";

	static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	SnsOrderPublisher publisher;

	@MockitoBean
	IdempotencyKeys idempotencyKeys;

	static Stream<Arguments> invalidOrders() {
		return Stream.of(Arguments.of("no email", "{\"items\":[" + ITEM + "]}", "customerEmail"),
				Arguments.of("invalid email", "{\"customerEmail\":\"ada\",\"items\":[" + ITEM + "]}", "customerEmail"),
				Arguments.of("email over 254 characters",
						"{\"customerEmail\":\"" + "a".repeat(250) + "@example.com\",\"items\":[" + ITEM + "]}",
						"customerEmail"),
				Arguments.of("no items", "{\"customerEmail\":\"ada@example.com\",\"items\":[]}", "items"),
				Arguments.of("items missing", "{\"customerEmail\":\"ada@example.com\"}", "items"),
				Arguments.of("10,001 items",
						"{\"customerEmail\":\"ada@example.com\",\"items\":["
								+ String.join(",", Collections.nCopies(10_001, ITEM)) + "]}",
						"items"),
				Arguments.of("null item", "{\"customerEmail\":\"ada@example.com\",\"items\":[null]}", "items[0]"),
				Arguments
					.of("lower case sku", line("\"sku\":\"book-42\",\"quantity\":1,\"unitPrice\":1"), "items[0].sku"),
				Arguments.of("no sku", line("\"quantity\":1,\"unitPrice\":1"), "items[0].sku"),
				Arguments.of("zero quantity", line("\"sku\":\"BOOK-42\",\"quantity\":0,\"unitPrice\":1"),
						"items[0].quantity"),
				Arguments.of("quantity over 1000", line("\"sku\":\"BOOK-42\",\"quantity\":1001,\"unitPrice\":1"),
						"items[0].quantity"),
				Arguments.of("quantity not a number", line("\"sku\":\"BOOK-42\",\"quantity\":\"two\",\"unitPrice\":1"),
						"items[0].quantity"),
				Arguments.of("negative price", line("\"sku\":\"BOOK-42\",\"quantity\":1,\"unitPrice\":-1"),
						"items[0].unitPrice"),
				Arguments.of("price with three decimals",
						line("\"sku\":\"BOOK-42\",\"quantity\":1,\"unitPrice\":1.005"), "items[0].unitPrice"),
				Arguments.of("no price", line("\"sku\":\"BOOK-42\",\"quantity\":1"), "items[0].unitPrice"),
				Arguments.of("unknown currency",
						"{\"customerEmail\":\"ada@example.com\",\"currency\":\"XYZ\",\"items\":[" + ITEM + "]}",
						"currency"),
				Arguments.of("unknown lane",
						"{\"customerEmail\":\"ada@example.com\",\"lane\":\"express\",\"items\":[" + ITEM + "]}",
						"lane"),
				Arguments.of("lane in upper case",
						"{\"customerEmail\":\"ada@example.com\",\"lane\":\"FIFO\",\"items\":[" + ITEM + "]}", "lane"));
	}

	private static String line(String fields) {
		return "{\"customerEmail\":\"ada@example.com\",\"items\":[{" + fields + "}]}";
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidOrders")
	void answersAnInvalidOrderWith400NamingTheFieldAndPublishesNothing(String name, String body, String field) {
		MvcTestResult result = post(body).exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().contains(field);
		assertThat(result).bodyJson().extractingPath("$.title").isIn("Invalid order", "Malformed JSON");
		verifyNoInteractions(this.publisher, this.idempotencyKeys);
	}

	@Test
	void answersMalformedJsonWith400AndPublishesNothing() {
		MvcTestResult result = post("{\"customerEmail\":").exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.title").isEqualTo("Malformed JSON");
		verifyNoInteractions(this.publisher, this.idempotencyKeys);
	}

	@Test
	void answersAnIdempotencyKeyThatIsNotPrintableAsciiWith400NamingTheHeader() {
		MvcTestResult result = post(VALID_ORDER).header("Idempotency-Key", "key with spaces").exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().containsExactly("Idempotency-Key");
		verifyNoInteractions(this.publisher, this.idempotencyKeys);
	}

	@Test
	void answersABodyOverTenMebibytesWith413BeforeReadingIt() {
		String body = "{\"customerEmail\":\"ada@example.com\",\"note\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}";

		MvcTestResult result = post(body).exchange();

		assertThat(result).hasStatus(HttpStatus.CONTENT_TOO_LARGE).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(413);
		assertThat(result).bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://fanoutlab.dev/problems/payload-too-large");
		assertThat(result).bodyJson().extractingPath("$.title").isEqualTo("Payload too large");
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("10 MiB");
		verifyNoInteractions(this.publisher, this.idempotencyKeys);
	}

	@Test
	void answersAnotherContentTypeThanJsonWith415() {
		MvcTestResult result = this.mvc.post()
			.uri("/api/orders")
			.contentType(MediaType.TEXT_PLAIN)
			.content(VALID_ORDER)
			.exchange();

		assertThat(result).hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		verifyNoInteractions(this.publisher, this.idempotencyKeys);
	}

	@Test
	void publishesAValidOrderAsOrderPlacedAndAnswers202WithItsIds() {
		MvcTestResult result = post(VALID_ORDER).header("X-Correlation-Id", "lesson-1").exchange();

		ArgumentCaptor<OrderPlaced> published = ArgumentCaptor.forClass(OrderPlaced.class);
		verify(this.publisher).publish(published.capture());
		verify(this.publisher, never()).publishFifo(any());
		OrderPlaced event = published.getValue();
		assertThat(result).hasStatus(HttpStatus.ACCEPTED).hasHeader("X-Correlation-Id", "lesson-1");
		assertThat(result).bodyJson().extractingPath("$.orderId").isEqualTo(event.orderId().toString());
		assertThat(result).bodyJson().extractingPath("$.eventId").isEqualTo(event.eventId().toString());
		assertThat(event.correlationId()).isEqualTo("lesson-1");
		assertThat(event.occurredAt()).isEqualTo(NOW);
		assertThat(event.total()).isEqualByComparingTo("25.00");
		verifyNoInteractions(this.idempotencyKeys);
	}

	@Test
	void publishesAFifoLaneOrderToTheFifoTopicOnlyAndAStandardLaneOrderToTheStandardTopicOnly() {
		MvcTestResult fifo = post(VALID_ORDER.replace("{\"customerEmail\"", "{\"lane\":\"fifo\",\"customerEmail\""))
			.exchange();
		MvcTestResult standard = post(
				VALID_ORDER.replace("{\"customerEmail\"", "{\"lane\":\"standard\",\"customerEmail\""))
			.exchange();

		ArgumentCaptor<OrderPlaced> publishedFifo = ArgumentCaptor.forClass(OrderPlaced.class);
		verify(this.publisher).publishFifo(publishedFifo.capture());
		ArgumentCaptor<OrderPlaced> publishedStandard = ArgumentCaptor.forClass(OrderPlaced.class);
		verify(this.publisher).publish(publishedStandard.capture());
		assertThat(fifo).hasStatus(HttpStatus.ACCEPTED);
		assertThat(fifo).bodyJson()
			.extractingPath("$.eventId")
			.isEqualTo(publishedFifo.getValue().eventId().toString());
		assertThat(standard).hasStatus(HttpStatus.ACCEPTED);
		assertThat(standard).bodyJson()
			.extractingPath("$.eventId")
			.isEqualTo(publishedStandard.getValue().eventId().toString());
	}

	@Test
	void answersTheFirstAnswerForACompletedKeyAndPublishesNothing() {
		OrderAccepted first = new OrderAccepted(UUID.randomUUID(), UUID.randomUUID());
		given(this.idempotencyKeys.claim(eq("order-7f3a"), any(), any())).willReturn(new Claim.Completed(first));

		MvcTestResult result = post(VALID_ORDER).header("Idempotency-Key", "order-7f3a").exchange();

		assertThat(result).hasStatus(HttpStatus.ACCEPTED);
		assertThat(result).bodyJson().extractingPath("$.orderId").isEqualTo(first.orderId().toString());
		verifyNoInteractions(this.publisher);
	}

	@Test
	void answersAnUnconfirmedPublishWith503RetryAfterAndTheIdsARetryWithTheKeyPublishesAgain() {
		Attempt attempt = ownKey("order-503");
		willThrow(new PublishFailedException("SNS did not confirm", SdkClientException.create("timed out")))
			.given(this.publisher)
			.publish(any());

		MvcTestResult result = post(VALID_ORDER).header("Idempotency-Key", "order-503").exchange();

		assertThat(result).hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader("Retry-After", "5");
		assertThat(result).bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://fanoutlab.dev/problems/messaging-unavailable");
		assertThat(result).bodyJson().extractingPath("$.eventId").isEqualTo(attempt.ids().eventId().toString());
		assertThat(result).bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("Retry with the same Idempotency-Key");
		verify(this.idempotencyKeys).endLease(any());
		verify(this.idempotencyKeys, never()).release(any());
	}

	@Test
	void answersAnUnconfirmedPublishWithoutAKeyWith503ThatWarnsARetryPlacesASecondOrder() {
		willThrow(new PublishFailedException("SNS did not confirm", SdkClientException.create("timed out")))
			.given(this.publisher)
			.publish(any());

		MvcTestResult result = post(VALID_ORDER).exchange();

		assertThat(result).hasStatus(HttpStatus.SERVICE_UNAVAILABLE).hasHeader("Retry-After", "5");
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("places a second order");
	}

	@Test
	void answersAnEventOverTheSnsLimitWith413AndReleasesItsKey() {
		ownKey("order-413");
		willThrow(new MessageTooLargeException("The OrderPlaced event is 300000 bytes. Nothing was published"))
			.given(this.publisher)
			.publish(any());

		MvcTestResult result = post(VALID_ORDER).header("Idempotency-Key", "order-413").exchange();

		assertThat(result).hasStatus(HttpStatus.CONTENT_TOO_LARGE).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("Nothing was published");
		verify(this.idempotencyKeys).release(any());
		verify(this.idempotencyKeys, never()).complete(any());
	}

	@Test
	void answersAKeyReusedForAnotherOrderWith422AndPublishesNothing() {
		given(this.idempotencyKeys.claim(eq("order-9b1c"), any(), any()))
			.willThrow(new IdempotencyKeys.KeyReusedException("order-9b1c"));

		MvcTestResult result = post(VALID_ORDER).header("Idempotency-Key", "order-9b1c").exchange();

		assertThat(result).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://fanoutlab.dev/problems/idempotency-key-reused");
		verifyNoInteractions(this.publisher);
	}

	@Test
	void answersAKeyHeldByAnotherRequestWith409AndRetryAfterTheLease() {
		given(this.idempotencyKeys.claim(eq("order-409"), any(), any()))
			.willThrow(new IdempotencyKeys.RequestInProgressException("order-409", 17));

		MvcTestResult result = post(VALID_ORDER).header("Idempotency-Key", "order-409").exchange();

		assertThat(result).hasStatus(HttpStatus.CONFLICT)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader("Retry-After", "17");
		verifyNoInteractions(this.publisher);
	}

	@Test
	void answersAFailedClaimWith503AndPublishesNothing() {
		given(this.idempotencyKeys.claim(eq("order-ddb"), any(), any()))
			.willThrow(DynamoDbException.builder().message("unavailable").build());

		MvcTestResult result = post(VALID_ORDER).header("Idempotency-Key", "order-ddb").exchange();

		assertThat(result).hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader("Retry-After", "5");
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("nothing was published");
		verifyNoInteractions(this.publisher);
	}

	private Attempt ownKey(String key) {
		Attempt attempt = new Attempt(new OrderAccepted(UUID.randomUUID(), UUID.randomUUID()), NOW, "c-1");
		given(this.idempotencyKeys.claim(eq(key), any(), any()))
			.willReturn(new Claim.Owned(key, "token", attempt, false));
		return attempt;
	}

	private MockMvcTester.MockMvcRequestBuilder post(String body) {
		return this.mvc.post().uri("/api/orders").contentType(MediaType.APPLICATION_JSON).content(body);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FixedClock {

		@Bean
		Clock clock() {
			return Clock.fixed(NOW, ZoneOffset.UTC);
		}

	}

}
