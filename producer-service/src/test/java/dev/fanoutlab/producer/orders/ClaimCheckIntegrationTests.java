package dev.fanoutlab.producer.orders;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import dev.fanoutlab.testsupport.Http;
import dev.fanoutlab.testsupport.LocalAws;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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

/**
 * The claim check against the local AWS backend: a bulk order whose event is over SNS's
 * 256 KiB is published as a pointer to the event stored in S3 (the SNS extended client),
 * a small one as it is, and a body over 10 MiB is refused with nothing published or
 * stored. moto delivers inside Publish, so the queues hold what was published when a
 * request returns.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ClaimCheckIntegrationTests {

	static final LocalAws aws = LocalAws.get();

	static final String BUCKET = "fanout-lab-payloads";

	static final String POINTER_CLASS = "software.amazon.payloadoffloading.PayloadS3Pointer";

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

	/**
	 * An order of {@code lines} lines of 250 {@code LAPTOP-13} at 1234.50 (308,625.00 a
	 * line): 5,000 lines make an event of about 275 KB, over SNS's 256 KiB.
	 */
	static String bulkOrder(int lines) {
		String line = "{\"sku\":\"LAPTOP-13\",\"quantity\":250,\"unitPrice\":1234.50}";
		return "{\"customerEmail\":\"buyer@example.com\",\"items\":["
				+ String.join(",", Collections.nCopies(lines, line)) + "]}";
	}

	@Test
	void aFiveThousandLineOrderIsAcceptedAndBothQueuesGetAPointerToTheEventStoredInS3() {
		ResponseEntity<JsonNode> response = post(bulkOrder(5_000));

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		String eventId = response.getBody().get("eventId").asString();

		// raw delivery: the body is the pointer, the attributes are SQS message
		// attributes
		Message fulfilment = receiveOne("order-fulfilment");
		assertThat(fulfilment.body().length()).isLessThan(1024);
		JsonNode pointer = this.json.readTree(fulfilment.body());
		assertThat(pointer.get(0).asString()).isEqualTo(POINTER_CLASS);
		assertThat(pointer.get(1).get("s3BucketName").asString()).isEqualTo(BUCKET);
		String event = aws.s3()
			.getObjectAsBytes((request) -> request.bucket(BUCKET).key(pointer.get(1).get("s3Key").asString()))
			.asUtf8String();
		JsonNode stored = this.json.readTree(event);
		assertThat(stored.get("eventId").asString()).isEqualTo(eventId);
		assertThat(stored.get("items").size()).isEqualTo(5_000);
		assertThat(stored.get("total").decimalValue()).isEqualByComparingTo("1543125000.00");
		assertThat(event.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(256 * 1024);
		assertThat(fulfilment.messageAttributes().get("ExtendedPayloadSize").stringValue())
			.isEqualTo(Integer.toString(event.getBytes(StandardCharsets.UTF_8).length));
		assertThat(fulfilment.messageAttributes().get("eventType").stringValue()).isEqualTo("OrderPlaced");
		assertThat(fulfilment.messageAttributes().get("notifyCustomer").stringValue()).isEqualTo("true");

		// enveloped delivery: the envelope's Message is the same pointer, the attributes
		// are in the envelope
		JsonNode envelope = this.json.readTree(receiveOne("order-notifications").body());
		assertThat(this.json.readTree(envelope.get("Message").asString())).isEqualTo(pointer);
		assertThat(envelope.get("MessageAttributes").get("ExtendedPayloadSize").get("Type").asString())
			.isEqualTo("Number");
	}

	@Test
	void aSmallOrderIsPublishedInlineAndStoresNothing() {
		int objects = objectsInBucket();

		ResponseEntity<JsonNode> response = post(bulkOrder(3));

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		Message fulfilment = receiveOne("order-fulfilment");
		JsonNode event = this.json.readTree(fulfilment.body());
		assertThat(event.get("eventId").asString()).isEqualTo(response.getBody().get("eventId").asString());
		assertThat(event.get("items").size()).isEqualTo(3);
		assertThat(fulfilment.messageAttributes()).doesNotContainKey("ExtendedPayloadSize");
		assertThat(objectsInBucket()).isEqualTo(objects);
	}

	@Test
	void tenThousandLinesAreAcceptedAndOneMoreIsRefused() {
		assertThat(post(bulkOrder(10_000)).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		ResponseEntity<JsonNode> refused = post(bulkOrder(10_001));

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(refused.getBody().get("errors").findValuesAsString("field")).contains("items");
		assertThat(receiveAll("order-fulfilment")).hasSize(1);
	}

	@ParameterizedTest(name = "chunked: {0}")
	@ValueSource(booleans = { false, true })
	void aBodyOverTenMebibytesIsAnswered413AndNothingIsPublishedOrStored(boolean chunked) throws Exception {
		int objects = objectsInBucket();
		// a valid order, padded with spaces to one byte over 10 MiB: the same JSON
		// document
		byte[] order = bulkOrder(2).getBytes(StandardCharsets.UTF_8);
		byte[] body = new byte[10 * 1024 * 1024 + 1];
		Arrays.fill(body, (byte) ' ');
		System.arraycopy(order, 0, body, 0, order.length - 1);
		body[body.length - 1] = '}';

		HttpResponse<String> response = send(body, chunked);

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type")).hasValue(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(this.json.readTree(response.body()).get("status").asInt()).isEqualTo(413);
		assertThat(receiveAll("order-fulfilment")).isEmpty();
		assertThat(receiveAll("order-notifications")).isEmpty();
		assertThat(objectsInBucket()).isEqualTo(objects);
	}

	@Test
	void aBodyOfTenMebibytesIsAccepted() throws Exception {
		byte[] order = bulkOrder(2).getBytes(StandardCharsets.UTF_8);
		byte[] body = new byte[10 * 1024 * 1024];
		Arrays.fill(body, (byte) ' ');
		System.arraycopy(order, 0, body, 0, order.length - 1);
		body[body.length - 1] = '}';

		assertThat(send(body, false).statusCode()).isEqualTo(202);
		assertThat(receiveAll("order-fulfilment")).hasSize(1);
	}

	private HttpResponse<String> send(byte[] body, boolean chunked) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/orders"))
			.timeout(Duration.ofSeconds(60))
			.header("Content-Type", "application/json")
			.POST(chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
					: HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	private int objectsInBucket() {
		return aws.s3().listObjectsV2((request) -> request.bucket(BUCKET)).keyCount();
	}

	private ResponseEntity<JsonNode> post(String body) {
		return this.http.post()
			.uri("/api/orders")
			.contentType(MediaType.APPLICATION_JSON)
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
