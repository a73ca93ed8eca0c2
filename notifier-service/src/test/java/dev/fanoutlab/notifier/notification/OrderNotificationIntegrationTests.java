package dev.fanoutlab.notifier.notification;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.fanoutlab.contracts.ContractSchemas;
import dev.fanoutlab.testsupport.LocalAws;
import dev.fanoutlab.testsupport.Ports;
import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Notifications from the real {@code order-notifications} queue (SNS envelope, filter
 * policy on {@code notifyCustomer}) to a real SMTP server (GreenMail). The context is
 * closed after the class, so that its listener does not compete with another test class's
 * for the queue.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "fanout-lab.listener.initial-backoff=1s", "spring.cloud.aws.sqs.listener.poll-timeout=2s",
				// GreenMail, the customers' mailbox, logs their addresses; the service
				// must not
				"logging.level.com.icegreen.greenmail=warn" })
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class OrderNotificationIntegrationTests {

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

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	@Autowired
	MeterRegistry meters;

	@Autowired
	FlakyNotificationLog log;

	@Autowired
	MessageListenerContainerRegistry listeners;

	RestClient http;

	@BeforeEach
	void startClean() throws Exception {
		aws.reset();
		smtp.purgeEmailFromAllMailboxes();
		this.log.markSentFailures.set(0);
		this.http = RestClient.create("http://localhost:" + this.port);
	}

	@Test
	void emailsTheCustomerOnceAndListsTheNotification(CapturedOutput output) throws Exception {
		UUID orderId = UUID.randomUUID();

		publish(event(orderId, UUID.randomUUID(), "ada@example.com", true));

		await().until(() -> smtp.getReceivedMessages().length == 1);
		MimeMessage mail = smtp.getReceivedMessages()[0];
		assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ada@example.com");
		assertThat(mail.getSubject()).contains(orderId.toString().substring(0, 8));
		assertThat(GreenMailUtil.getBody(mail)).contains("BOOK-42").contains("25");
		await().untilAsserted(() -> assertThat(notifications(orderId)).singleElement()
			.satisfies((notification) -> assertThat(notification.get("status").asString()).isEqualTo("SENT")));
		assertThat(output).as("the customer's address is redacted in the logs")
			.contains("a***@example.com")
			.doesNotContain("ada@example.com");
	}

	@Test
	void retriesAFailedMarkLocallyAndSendsExactlyOneEmail() {
		double success = count("success");
		double retried = count("retried");
		this.log.markSentFailures.set(1);
		UUID orderId = UUID.randomUUID();

		publish(event(orderId, UUID.randomUUID(), "once@example.com", true));

		await().until(() -> count("success") - success == 1);
		assertThat(this.log.markSentFailures).as("the injected failure happened").hasValue(0);
		assertThat(smtp.getReceivedMessages()).hasSize(1);
		assertThat(count("retried")).as("no redelivery").isEqualTo(retried);
		assertThat(notifications(orderId)).singleElement()
			.satisfies((notification) -> assertThat(notification.get("status").asString()).isEqualTo("SENT"));
		assertThat(aws.messages("order-notifications")).isZero();
	}

	@Test
	void sendsAMalformedAddressToTheDeadLetterQueueWithoutRetriesOrForgedLogLines(CapturedOutput output) {
		double retried = count("retried");
		double failed = count("failed");
		String event = event(UUID.randomUUID(), UUID.randomUUID(), "x", true).replace("\"customerEmail\":\"x\"",
				"\"customerEmail\":\"not an address\\r\\nERROR forged@example.com\"");

		publish(event);

		await().until(() -> aws.messages("order-notifications-dlq") == 1);
		assertThat(count("failed") - failed).as("a permanent failure on every receive").isEqualTo(3);
		assertThat(count("retried")).as("never retried with backoff").isEqualTo(retried);
		assertThat(smtp.getReceivedMessages()).isEmpty();
		assertThat(output).contains("malformed customerEmail")
			.doesNotContain("\nERROR forged")
			.doesNotContain("forged@example.com");
	}

	@Test
	void sendsOneEmailForAnEventDeliveredTwice() {
		double duplicates = count("duplicate");
		UUID orderId = UUID.randomUUID();
		String event = event(orderId, UUID.randomUUID(), "grace@example.com", true);

		publish(event);
		publish(event);

		await().until(() -> count("duplicate") - duplicates == 1);
		assertThat(smtp.getReceivedMessages()).hasSize(1);
		assertThat(notifications(orderId)).hasSize(1);
	}

	@Test
	void neverReceivesOrdersWhoseCustomerOptedOutThanksToTheFilterPolicy() {
		MessageListenerContainer<?> listener = this.listeners.getContainerById("order-notifications");
		listener.stop();
		try {
			UUID optedOut = UUID.randomUUID();
			UUID optedIn = UUID.randomUUID();

			publish(event(optedOut, UUID.randomUUID(), "quiet@example.com", false));
			publish(event(optedIn, UUID.randomUUID(), "loud@example.com", true));

			await().until(() -> aws.visibleMessages("order-notifications") >= 1);
			List<Message> received = aws.sqs()
				.receiveMessage((request) -> request.queueUrl(aws.provisioned().queueUrl("order-notifications"))
					.maxNumberOfMessages(10)
					.waitTimeSeconds(1)
					.visibilityTimeout(0))
				.messages();
			assertThat(received).as("only the opted-in order reached the queue")
				.singleElement()
				.satisfies((message) -> assertThat(message.body()).contains(optedIn.toString())
					.doesNotContain(optedOut.toString()));
			assertThat(aws.messages("order-notifications")).isEqualTo(1);
			assertThat(aws.messages("order-fulfilment")).as("the fulfilment queue gets both").isEqualTo(2);
		}
		finally {
			aws.reset();
			listener.start();
		}
	}

	@Test
	void acceptsEveryContractExampleAndEmailsThoseThatAskForIt() {
		long wanted = ContractSchemas.orderPlacedExamples()
			.stream()
			.map(this.json::readTree)
			.filter((example) -> example.get("notifyCustomer").asBoolean())
			.count();

		ContractSchemas.orderPlacedExamples().forEach(this::publish);

		await().until(() -> smtp.getReceivedMessages().length == wanted);
	}

	@Test
	void retriesWhileTheSmtpServerIsDownAndSendsWhenItIsBack() {
		double retried = count("retried");
		UUID orderId = UUID.randomUUID();
		smtp.stop();
		try {
			publish(event(orderId, UUID.randomUUID(), "patient@example.com", true));
			await().until(() -> count("retried") > retried);
			assertThat(notifications(orderId)).as("a failed send releases its claim").isEmpty();
		}
		finally {
			smtp.start();
		}

		await().until(() -> smtp.getReceivedMessages().length == 1);
		assertThat(aws.messages("order-notifications-dlq")).isZero();
	}

	@Test
	void movesAnUnreadableMessageToTheDeadLetterQueue() {
		aws.sqs()
			.sendMessage((request) -> request.queueUrl(aws.provisioned().queueUrl("order-notifications"))
				.messageBody("this is not an SNS notification"));

		await().until(() -> aws.messages("order-notifications-dlq") == 1);
		assertThat(smtp.getReceivedMessages()).isEmpty();
	}

	private JsonNode notifications(UUID orderId) {
		return this.http.get().uri("/api/notifications?orderId={id}", orderId).retrieve().body(JsonNode.class);
	}

	private String event(UUID orderId, UUID eventId, String email, boolean notify) {
		ObjectNode event = (ObjectNode) this.json.readTree(ContractSchemas.orderPlacedExamples().get(0));
		event.put("orderId", orderId.toString());
		event.put("eventId", eventId.toString());
		event.put("customerEmail", email);
		event.put("notifyCustomer", notify);
		event.put("occurredAt", Instant.now().toString());
		return event.toString();
	}

	private void publish(String event) {
		String notify = Boolean.toString(this.json.readTree(event).get("notifyCustomer").asBoolean());
		aws.publish(event, Map.of("eventType", "OrderPlaced", "schemaVersion", "1", "correlationId", "test",
				"notifyCustomer", notify));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FaultInjection {

		@Bean
		@Primary
		FlakyNotificationLog flakyNotificationLog(DynamoDbNotificationLog log) {
			return new FlakyNotificationLog(log);
		}

	}

	/** The real log, whose {@code markSent} fails as often as the test says first. */
	static class FlakyNotificationLog implements NotificationLog {

		final AtomicInteger markSentFailures = new AtomicInteger();

		private final NotificationLog log;

		FlakyNotificationLog(NotificationLog log) {
			this.log = log;
		}

		@Override
		public Claim claim(Notification notification, UUID token, Instant now, Instant staleBefore) {
			return this.log.claim(notification, token, now, staleBefore);
		}

		@Override
		public boolean markSent(UUID eventId, UUID token, Instant sentAt) {
			if (this.markSentFailures.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
				throw new IllegalStateException("injected: DynamoDB did not answer");
			}
			return this.log.markSent(eventId, token, sentAt);
		}

		@Override
		public void release(UUID eventId, UUID token) {
			this.log.release(eventId, token);
		}

		@Override
		public List<Notification> findByOrderId(UUID orderId) {
			return this.log.findByOrderId(orderId);
		}

	}

	private double count(String outcome) {
		return this.meters.counter("fanoutlab.messages.processed", "queue", "order-notifications", "outcome", outcome)
			.count();
	}

}
