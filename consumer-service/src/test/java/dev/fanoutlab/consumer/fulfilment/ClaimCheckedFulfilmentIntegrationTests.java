package dev.fanoutlab.consumer.fulfilment;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.UUID;

import dev.fanoutlab.messaging.ClaimCheck;
import dev.fanoutlab.testsupport.Http;
import dev.fanoutlab.testsupport.LocalAws;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.payloadoffloading.PayloadS3Pointer;
import software.amazon.payloadoffloading.S3BackedPayloadStore;
import software.amazon.payloadoffloading.S3Dao;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Claim-checked events on the real {@code order-fulfilment} queue (raw delivery) of the
 * local AWS backend: published as producer-service's SNS extended client publishes them
 * (the full path, from the producer, is in system-tests), so the body is a pointer to the
 * event in S3 and {@code ExtendedPayloadSize} an SQS message attribute.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "fanout-lab.listener.initial-backoff=1s", "spring.cloud.aws.sqs.listener.poll-timeout=2s" })
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class ClaimCheckedFulfilmentIntegrationTests {

	static final LocalAws aws = LocalAws.get();

	static final String BUCKET = "fanout-lab-payloads";

	@DynamicPropertySource
	static void aws(DynamicPropertyRegistry registry) {
		aws.registerProperties(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	RestClient http;

	@BeforeEach
	void startClean() {
		aws.reset();
		this.http = Http.client(this.port);
	}

	/**
	 * An {@code OrderPlaced} of {@code lines} lines of 250 {@code LAPTOP-13} at 1234.50:
	 * 5,000 lines make about 275 KB, over SNS's 256 KiB.
	 */
	static String bulkEvent(UUID orderId, int lines) {
		String line = "{\"sku\":\"LAPTOP-13\",\"quantity\":250,\"unitPrice\":1234.50}";
		return """
				{"eventId":"%s","eventType":"OrderPlaced","schemaVersion":1,"occurredAt":"%s","correlationId":"bulk",\
				"orderId":"%s","customerEmail":"bulk@example.com","notifyCustomer":false,"currency":"EUR",\
				"items":[%s],"total":%s}""".formatted(UUID.randomUUID(), Instant.now(), orderId,
				String.join(",", Collections.nCopies(lines, line)),
				new BigDecimal("308625.00").multiply(BigDecimal.valueOf(lines)).toPlainString());
	}

	@Test
	void fulfilsAClaimCheckedFiveThousandLineOrderWithItsTotalsAndLeavesThePayloadToExpire() {
		UUID orderId = UUID.randomUUID();
		int objects = objectsInBucket();

		publishClaimChecked(bulkEvent(orderId, 5_000));

		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(status(orderId)).isEqualTo(HttpStatus.OK));
		JsonNode record = this.http.get().uri("/api/orders/{id}", orderId).retrieve().body(JsonNode.class);
		assertThat(record.get("units").asInt()).isEqualTo(5_000 * 250);
		assertThat(record.get("total").decimalValue()).isEqualByComparingTo("1543125000.00");
		assertThat(objectsInBucket()).as("the payload is left for the lifecycle rule").isEqualTo(objects + 1);
	}

	@Test
	void sendsAClaimCheckWhosePayloadIsGoneToTheDeadLetterQueueAsAPermanentFailure(CapturedOutput output) {
		double failed = count("failed");
		double retried = count("retried");
		String pointer = new PayloadS3Pointer(BUCKET, "gone-" + UUID.randomUUID()).toJson();

		aws.sns()
			.publish((request) -> request.topicArn(aws.provisioned().topicArn())
				.message(pointer)
				.messageAttributes(Map.of("eventType", string("OrderPlaced"), "notifyCustomer", string("false"),
						ClaimCheck.ATTRIBUTE,
						MessageAttributeValue.builder().dataType("Number").stringValue("300000").build())));

		Message dead = await().atMost(Duration.ofSeconds(60))
			.until(() -> receiveOne("order-fulfilment-dlq"), (message) -> message != null);
		assertThat(dead.body()).isEqualTo(pointer);
		assertThat(count("failed") - failed).as("a permanent failure on every receive")
			.isEqualTo(aws.topology().subscription("order-fulfilment").maxReceiveCount());
		assertThat(count("retried")).as("never retried with backoff").isEqualTo(retried);
		assertThat(output).as("looked for in S3, not read as an event").contains("Claim-checked payload is gone");
	}

	/**
	 * Publish as producer-service's SNS extended client does: the event stored by the
	 * payload store, its pointer published with the attributes and
	 * {@value ClaimCheck#ATTRIBUTE}.
	 */
	private void publishClaimChecked(String event) {
		String pointer = new S3BackedPayloadStore(new S3Dao(aws.s3()), BUCKET).storeOriginalPayload(event);
		aws.sns()
			.publish((request) -> request.topicArn(aws.provisioned().topicArn())
				.message(pointer)
				.messageAttributes(Map.of("eventType", string("OrderPlaced"), "notifyCustomer", string("false"),
						ClaimCheck.ATTRIBUTE,
						MessageAttributeValue.builder()
							.dataType("Number")
							.stringValue(Integer.toString(event.getBytes(StandardCharsets.UTF_8).length))
							.build())));
	}

	private HttpStatus status(UUID orderId) {
		return HttpStatus.valueOf(this.http.get()
			.uri("/api/orders/{id}", orderId)
			.accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()
			.value());
	}

	private int objectsInBucket() {
		return aws.s3().listObjectsV2((request) -> request.bucket(BUCKET)).keyCount();
	}

	private double count(String outcome) {
		return this.meters.counter("fanoutlab.messages.processed", "queue", "order-fulfilment", "outcome", outcome)
			.count();
	}

	private Message receiveOne(String queue) {
		return aws.sqs()
			.receiveMessage((request) -> request.queueUrl(aws.provisioned().queueUrl(queue)).waitTimeSeconds(1))
			.messages()
			.stream()
			.findFirst()
			.orElse(null);
	}

	private static MessageAttributeValue string(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

}
