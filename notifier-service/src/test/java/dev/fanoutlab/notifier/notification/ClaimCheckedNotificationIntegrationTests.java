package dev.fanoutlab.notifier.notification;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.fanoutlab.messaging.ClaimCheck;
import dev.fanoutlab.testsupport.LocalAws;
import dev.fanoutlab.testsupport.Ports;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.payloadoffloading.PayloadS3Pointer;
import software.amazon.payloadoffloading.S3BackedPayloadStore;
import software.amazon.payloadoffloading.S3Dao;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Claim-checked events on the real {@code order-notifications} queue (SNS envelope) of
 * the local AWS backend, published as producer-service's SNS extended client publishes
 * them: the envelope's {@code Message} is a pointer to the event in S3, and
 * {@code ExtendedPayloadSize} is one of the envelope's {@code MessageAttributes}, not an
 * SQS message attribute.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "fanout-lab.listener.initial-backoff=1s", "spring.cloud.aws.sqs.listener.poll-timeout=2s",
				"logging.level.com.icegreen.greenmail=warn" })
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class ClaimCheckedNotificationIntegrationTests {

	static final LocalAws aws = LocalAws.get();

	static final String BUCKET = "fanout-lab-payloads";

	@RegisterExtension
	static final GreenMailExtension smtp = new GreenMailExtension(
			new ServerSetup(Ports.free(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
		.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication())
		.withPerMethodLifecycle(false);

	@DynamicPropertySource
	static void aws(DynamicPropertyRegistry registry) {
		aws.registerProperties(registry);
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
	}

	@Autowired
	MeterRegistry meters;

	@BeforeEach
	void startClean() throws Exception {
		aws.reset();
		smtp.purgeEmailFromAllMailboxes();
	}

	@Test
	void emailsTheCustomerOfAClaimCheckedFiveThousandLineOrder() throws Exception {
		UUID orderId = UUID.randomUUID();

		publishClaimChecked(bulkEvent(orderId, 5_000));

		await().atMost(Duration.ofSeconds(60)).until(() -> smtp.getReceivedMessages().length == 1);
		assertThat(smtp.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo("bulk@example.com");
		assertThat(smtp.getReceivedMessages()[0].getSubject()).contains(orderId.toString().substring(0, 8));
	}

	@Test
	void sendsAClaimCheckWhosePayloadIsGoneToTheDeadLetterQueueAsAPermanentFailure(CapturedOutput output) {
		double failed = count("failed");
		double retried = count("retried");
		String pointer = new PayloadS3Pointer(BUCKET, "gone-" + UUID.randomUUID()).toJson();

		publish(pointer, 300_000);

		Message dead = await().atMost(Duration.ofSeconds(60))
			.until(() -> receiveOne("order-notifications-dlq"), (message) -> message != null);
		assertThat(dead.body()).contains("PayloadS3Pointer");
		assertThat(count("failed") - failed).as("a permanent failure on every receive")
			.isEqualTo(aws.topology().subscription("order-notifications").maxReceiveCount());
		assertThat(count("retried")).as("never retried with backoff").isEqualTo(retried);
		assertThat(smtp.getReceivedMessages()).isEmpty();
		assertThat(output).as("looked for in S3, not read as an event").contains("Claim-checked payload is gone");
	}

	/** 5,000 lines of 250 {@code LAPTOP-13} at 1234.50: about 275 KB, over 256 KiB. */
	static String bulkEvent(UUID orderId, int lines) {
		String line = "{\"sku\":\"LAPTOP-13\",\"quantity\":250,\"unitPrice\":1234.50}";
		return """
				{"eventId":"%s","eventType":"OrderPlaced","schemaVersion":1,"occurredAt":"%s","correlationId":"bulk",\
				"orderId":"%s","customerEmail":"bulk@example.com","notifyCustomer":true,"currency":"EUR",\
				"items":[%s],"total":%s}""".formatted(UUID.randomUUID(), Instant.now(), orderId,
				String.join(",", Collections.nCopies(lines, line)),
				new BigDecimal("308625.00").multiply(BigDecimal.valueOf(lines)).toPlainString());
	}

	/** As the SNS extended client publishes: the event in S3, its pointer published. */
	private void publishClaimChecked(String event) {
		String pointer = new S3BackedPayloadStore(new S3Dao(aws.s3()), BUCKET).storeOriginalPayload(event);
		publish(pointer, event.getBytes(StandardCharsets.UTF_8).length);
	}

	private void publish(String pointer, int size) {
		aws.sns()
			.publish((request) -> request.topicArn(aws.provisioned().topicArn())
				.message(pointer)
				.messageAttributes(Map.of("eventType", string("OrderPlaced"), "notifyCustomer", string("true"),
						ClaimCheck.ATTRIBUTE,
						MessageAttributeValue.builder()
							.dataType("Number")
							.stringValue(Integer.toString(size))
							.build())));
	}

	private double count(String outcome) {
		return this.meters.counter("fanoutlab.messages.processed", "queue", "order-notifications", "outcome", outcome)
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
