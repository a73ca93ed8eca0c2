package dev.fanoutlab.producer.orders;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.fanoutlab.contracts.ContractSchemas;
import dev.fanoutlab.testsupport.Http;
import dev.fanoutlab.testsupport.LocalAws;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The order API against the local AWS backend: what reaches the queues for good and bad
 * requests. moto delivers SNS messages to SQS inside Publish, so an empty queue right
 * after a request proves nothing was published; on AWS delivery is asynchronous.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class OrderApiIntegrationTests {

	static final LocalAws aws = LocalAws.get();

	static final String VALID_ORDER = """
			{"customerEmail":"ada@example.com","items":[{"sku":"BOOK-42","quantity":2,"unitPrice":12.50}]}""";

	@DynamicPropertySource
	static void aws(DynamicPropertyRegistry registry) {
		aws.registerProperties(registry);
		registry.add("fanout-lab.messaging.topic-arn", () -> aws.provisioned().topicArn());
		registry.add("fanout-lab.messaging.fifo-topic-arn", () -> aws.provisioned().fifoTopicArn());
	}

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	RestClient http;

	@BeforeEach
	void startClean() {
		aws.reset();
		this.http = Http.client(this.port);
	}

	@Test
	void answers202WithIdsAndFansTheEventOutToBothQueues() {
		ResponseEntity<JsonNode> response = post(VALID_ORDER, Map.of("X-Correlation-Id", "lesson-1"));

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		String orderId = response.getBody().get("orderId").asString();
		String eventId = response.getBody().get("eventId").asString();
		Message fulfilment = receiveOne("order-fulfilment");
		JsonNode event = this.json.readTree(fulfilment.body());
		assertThat(event.get("orderId").asString()).isEqualTo(orderId);
		assertThat(event.get("eventId").asString()).isEqualTo(eventId);
		assertThat(event.get("total").decimalValue()).isEqualByComparingTo("25.00");
		assertThat(fulfilment.messageAttributes())
			.extractingFromEntries(Map.Entry::getKey, (entry) -> entry.getValue().stringValue())
			.contains(tuple("eventType", "OrderPlaced"), tuple("schemaVersion", "1"),
					tuple("correlationId", "lesson-1"), tuple("notifyCustomer", "true"));
		JsonNode envelope = this.json.readTree(receiveOne("order-notifications").body());
		assertThat(envelope.get("Type").asString()).isEqualTo("Notification");
		assertThat(this.json.readTree(envelope.get("Message").asString()).get("eventId").asString()).isEqualTo(eventId);
	}

	@Test
	void publishesAnEventThatValidatesAgainstTheContractSchemaAndCarriesTheCustomersChoiceAsAnAttribute() {
		post("""
				{"customerEmail":"grace@example.com","currency":"GBP","notifyCustomer":false,
				 "items":[{"sku":"MUG-7","quantity":1,"unitPrice":8},{"sku":"PEN-1","quantity":10,"unitPrice":0.99}]}""",
				Map.of());

		Message fulfilment = receiveOne("order-fulfilment");
		String published = fulfilment.body();
		assertThat(ContractSchemas.validate(ContractSchemas.ORDER_PLACED_V1, published)).isEmpty();
		assertThat(this.json.readTree(published).get("notifyCustomer").asBoolean()).isFalse();
		// the notifications subscription's filter policy matches on the attribute
		assertThat(fulfilment.messageAttributes().get("notifyCustomer").stringValue()).isEqualTo("false");
		assertThat(receiveAll("order-notifications")).isEmpty();
	}

	static Stream<Arguments> badRequests() {
		String item = "{\"sku\":\"BOOK-42\",\"quantity\":1,\"unitPrice\":1}";
		String tooManyItems = String.join(",", Collections.nCopies(10_001, item));
		return Stream.of(Arguments.of("malformed JSON", "{\"customerEmail\":", "application/json", 400, null),
				Arguments.of("no email", "{\"items\":[" + item + "]}", "application/json", 400, "customerEmail"),
				Arguments.of("invalid email", "{\"customerEmail\":\"ada\",\"items\":[" + item + "]}",
						"application/json", 400, "customerEmail"),
				Arguments.of("no items", "{\"customerEmail\":\"ada@example.com\",\"items\":[]}", "application/json",
						400, "items"),
				Arguments.of("10,001 items", "{\"customerEmail\":\"ada@example.com\",\"items\":[" + tooManyItems + "]}",
						"application/json", 400, "items"),
				Arguments.of("zero quantity",
						"{\"customerEmail\":\"ada@example.com\",\"items\":[{\"sku\":\"BOOK-42\",\"quantity\":0,\"unitPrice\":1}]}",
						"application/json", 400, "items[0].quantity"),
				Arguments.of("negative price",
						"{\"customerEmail\":\"ada@example.com\",\"items\":[{\"sku\":\"BOOK-42\",\"quantity\":1,\"unitPrice\":-1}]}",
						"application/json", 400, "items[0].unitPrice"),
				Arguments.of("quantity not a number",
						"{\"customerEmail\":\"ada@example.com\",\"items\":[{\"sku\":\"BOOK-42\",\"quantity\":\"two\",\"unitPrice\":1}]}",
						"application/json", 400, "items[0].quantity"),
				Arguments.of("unknown currency",
						"{\"customerEmail\":\"ada@example.com\",\"currency\":\"XYZ\",\"items\":[" + item + "]}",
						"application/json", 400, "currency"),
				Arguments.of("wrong content type", VALID_ORDER, "text/plain", 415, null),
				Arguments.of("body over 10 MiB",
						"{\"customerEmail\":\"ada@example.com\",\"note\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}",
						"application/json", 413, null));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badRequests")
	void rejectsBadInputWithProblemDetailsAndPublishesNothing(String name, String body, String contentType, int status,
			String field) {
		ResponseEntity<JsonNode> response = this.http.post()
			.uri("/api/orders")
			.contentType(MediaType.parseMediaType(contentType))
			.body(body)
			.retrieve()
			.toEntity(JsonNode.class);

		assertThat(response.getStatusCode().value()).isEqualTo(status);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getBody().get("status").asInt()).isEqualTo(status);
		assertThat(response.getBody().get("title").asString()).isNotBlank();
		if (field != null) {
			assertThat(response.getBody().get("errors").findValuesAsString("field")).contains(field);
		}
		assertThat(receiveAll("order-fulfilment")).isEmpty();
		assertThat(receiveAll("order-notifications")).isEmpty();
	}

	@Test
	void answersARetryWithTheSameIdempotencyKeyLikeTheFirstRequestAndPublishesOnce() {
		ResponseEntity<JsonNode> first = post(VALID_ORDER, Map.of("Idempotency-Key", "order-7f3a"));
		ResponseEntity<JsonNode> retry = post(VALID_ORDER, Map.of("Idempotency-Key", "order-7f3a"));

		assertThat(first.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(retry.getBody()).isEqualTo(first.getBody());
		assertThat(receiveAll("order-fulfilment")).hasSize(1);
	}

	@Test
	void rejectsAnIdempotencyKeyReusedForADifferentOrder() {
		post(VALID_ORDER, Map.of("Idempotency-Key", "order-9b1c"));
		ResponseEntity<JsonNode> other = post(VALID_ORDER.replace("ada@", "bob@"),
				Map.of("Idempotency-Key", "order-9b1c"));

		assertThat(other.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(other.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(receiveAll("order-fulfilment")).hasSize(1);
	}

	private ResponseEntity<JsonNode> post(String body, Map<String, String> headers) {
		return this.http.post()
			.uri("/api/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.headers((h) -> headers.forEach(h::set))
			.body(body)
			.retrieve()
			.toEntity(JsonNode.class);
	}

	private Message receiveOne(String queue) {
		List<Message> messages = receiveAll(queue);
		assertThat(messages).hasSize(1);
		return messages.get(0);
	}

	private List<Message> receiveAll(String queue) {
		return aws.sqs()
			.receiveMessage((request) -> request.queueUrl(aws.provisioned().queueUrl(queue))
				.maxNumberOfMessages(10)
				.messageAttributeNames("All")
				.visibilityTimeout(0))
			.messages();
	}

}
