package dev.fanoutlab.notifier.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.fanoutlab.contracts.ContractSchemas;
import dev.fanoutlab.testsupport.LocalAws;
import dev.fanoutlab.testsupport.Ports;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Notifications from the FIFO lane: events published to the real FIFO topic
 * {@code orders.fifo}, read from {@code order-notifications.fifo} (SNS envelope, the
 * filter policy on {@code notifyCustomer}), emailed through a real SMTP server
 * (GreenMail).
 */
@SpringBootTest(
		properties = { "spring.cloud.aws.sqs.listener.poll-timeout=2s", "logging.level.com.icegreen.greenmail=warn" })
@DirtiesContext
class OrderNotificationFifoIntegrationTests {

	static final LocalAws aws = LocalAws.get();

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
	JsonMapper json;

	@BeforeEach
	void startClean() throws Exception {
		aws.reset();
		smtp.purgeEmailFromAllMailboxes();
	}

	@Test
	void emailsEachCustomersFifoOrdersInTheOrderPlacedAndSkipsOptedOutOnes() throws Exception {
		Map<String, List<UUID>> published = new LinkedHashMap<>();
		for (int sequence = 0; sequence < 3; sequence++) {
			for (String customer : List.of("ada@example.com", "bob@example.com")) {
				UUID orderId = UUID.randomUUID();
				published.computeIfAbsent(customer, (key) -> new ArrayList<>()).add(orderId);
				publish(customer, event(orderId, customer, true));
			}
		}
		publish("cy@example.com", event(UUID.randomUUID(), "cy@example.com", false));

		await().atMost(Duration.ofSeconds(60)).until(() -> smtp.getReceivedMessages().length == 6);
		Map<String, List<String>> received = new LinkedHashMap<>();
		for (MimeMessage mail : smtp.getReceivedMessages()) {
			received.computeIfAbsent(recipient(mail), (key) -> new ArrayList<>()).add(mail.getSubject());
		}
		assertThat(received).containsOnlyKeys("ada@example.com", "bob@example.com");
		published.forEach((customer, orders) -> {
			List<String> subjects = received.get(customer);
			assertThat(subjects).hasSameSizeAs(orders);
			for (int i = 0; i < orders.size(); i++) {
				assertThat(subjects.get(i)).as(customer + "'s email " + i)
					.contains(orders.get(i).toString().substring(0, 8));
			}
		});
		assertThat(aws.messages("order-notifications.fifo")).isZero();
	}

	private static String recipient(MimeMessage mail) {
		try {
			return mail.getAllRecipients()[0].toString();
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private String event(UUID orderId, String email, boolean notify) {
		ObjectNode event = (ObjectNode) this.json.readTree(ContractSchemas.orderPlacedExamples().get(0));
		event.put("orderId", orderId.toString());
		event.put("eventId", UUID.randomUUID().toString());
		event.put("customerEmail", email);
		event.put("notifyCustomer", notify);
		event.put("occurredAt", Instant.now().toString());
		return event.toString();
	}

	/** As the producer publishes: one message group per customer. */
	private void publish(String customer, String event) {
		String eventId = this.json.readTree(event).get("eventId").asString();
		String notify = Boolean.toString(this.json.readTree(event).get("notifyCustomer").asBoolean());
		aws.sns()
			.publish((request) -> request.topicArn(aws.provisioned().fifoTopicArn())
				.message(event)
				.messageGroupId("customer-" + customer.hashCode())
				.messageDeduplicationId(eventId)
				.messageAttributes(Map.of("eventType", string("OrderPlaced"), "schemaVersion", string("1"),
						"notifyCustomer", string(notify))));
	}

	private static MessageAttributeValue string(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

}
