package dev.fanoutlab.console.timeline;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import dev.fanoutlab.console.BulkOrders;
import dev.fanoutlab.messaging.ClaimCheck;
import dev.fanoutlab.testsupport.Http;
import dev.fanoutlab.testsupport.LocalAws;
import dev.fanoutlab.topology.PayloadBucket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Claim-checked events in the timeline, against moto: a bulk order published with the SNS
 * extended client, as the producer does, arrives at the console as a pointer; the console
 * fetches the event and shows its order, the claim check (size, bucket, key) and the
 * order's real outcomes. The readers' APIs are a stand-in.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "fanout-lab.console.refresh=300ms")
class ClaimCheckedEventsIntegrationTests {

	static final LocalAws aws = LocalAws.get();

	static final StandInReaders readers = StandInReaders.start();

	@DynamicPropertySource
	static void aws(DynamicPropertyRegistry registry) {
		aws.registerProperties(registry);
		registry.add("fanout-lab.console.topic-arn", () -> aws.provisioned().topicArn());
		registry.add("fanout-lab.console.readers.consumer-service.url", readers::url);
		registry.add("fanout-lab.console.readers.notifier-service.url", readers::url);
	}

	@AfterAll
	static void stopReaders() {
		readers.stop();
	}

	@LocalServerPort
	int port;

	RestClient http;

	@BeforeEach
	void startClean() {
		aws.reset();
		this.http = Http.client(this.port);
	}

	@Test
	void showsABulkOrdersClaimCheckWithItsSizeAndPointerAndTheOrderItCarries() {
		String eventId = UUID.randomUUID().toString();
		String orderId = UUID.randomUUID().toString();
		String event = BulkOrders.event(eventId, orderId, 5_000);
		assertThat(event.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(BulkOrders.THRESHOLD);

		BulkOrders.publish(aws, event);

		await().untilAsserted(() -> {
			JsonNode entry = entry(eventId);
			assertThat(entry.get("orderId").asString()).isEqualTo(orderId);
			assertThat(entry.at("/claimCheck/size").asLong()).isEqualTo(event.getBytes(StandardCharsets.UTF_8).length);
			assertThat(entry.at("/claimCheck/bucket").asString()).isEqualTo(PayloadBucket.NAME);
			assertThat(entry.at("/claimCheck/key").asString()).isNotBlank();
			assertThat(entry.at("/claimCheck/problem").isNull()).isTrue();
			assertThat(entry.at("/order/lines").asInt()).isEqualTo(5_000);
			assertThat(entry.at("/order/customerEmail").asString()).isEqualTo("buyer@b2b.example");
			assertThat(entry.at("/outcomes/order-fulfilment").asString()).isEqualTo("pending");
		});

		readers.processed(orderId);
		await().untilAsserted(
				() -> assertThat(entry(eventId).at("/outcomes/order-fulfilment").asString()).isEqualTo("processed"));
	}

	@Test
	void showsAClaimCheckWhosePayloadIsGoneAsSuch() {
		String key = UUID.randomUUID().toString();
		String pointer = "[\"software.amazon.payloadoffloading.PayloadS3Pointer\",{\"s3BucketName\":\""
				+ PayloadBucket.NAME + "\",\"s3Key\":\"" + key + "\"}]";

		aws.sns()
			.publish((request) -> request.topicArn(aws.provisioned().topicArn())
				.message(pointer)
				.messageAttributes(Map.of("eventType", string("OrderPlaced"), "notifyCustomer", string("false"),
						ClaimCheck.ATTRIBUTE,
						MessageAttributeValue.builder().dataType("Number").stringValue("300000").build())));

		await().untilAsserted(() -> {
			JsonNode entry = snapshot().get("timeline")
				.valueStream()
				.filter((candidate) -> key.equals(candidate.at("/claimCheck/key").asString()))
				.findFirst()
				.orElseThrow(() -> new AssertionError("No claim check " + key));
			assertThat(entry.at("/claimCheck/size").asLong()).isEqualTo(300_000);
			assertThat(entry.at("/claimCheck/problem").asString()).contains("gone");
			assertThat(entry.get("order").isNull()).isTrue();
		});
	}

	private static MessageAttributeValue string(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

	private JsonNode snapshot() {
		return this.http.get().uri("/api/snapshot").retrieve().body(JsonNode.class);
	}

	private JsonNode entry(String eventId) {
		return snapshot().get("timeline")
			.valueStream()
			.filter((entry) -> entry.get("eventId").asString().equals(eventId))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No timeline entry of " + eventId));
	}

}
