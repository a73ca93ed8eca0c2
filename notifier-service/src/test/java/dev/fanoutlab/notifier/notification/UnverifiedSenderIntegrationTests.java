package dev.fanoutlab.notifier.notification;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.fanoutlab.contracts.ContractSchemas;
import dev.fanoutlab.testsupport.LocalAws;
import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import jakarta.mail.MessagingException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.mail.MailSendException;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An SMTP server that answers as Amazon SES does for an unverified sender (a small SMTP
 * stand-in on a socket): the notifier reports a configuration error in its health and
 * stops reading, and the message waits in {@code order-notifications} instead of being
 * retried into the DLQ.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "fanout-lab.listener.initial-backoff=1s",
		"fanout-lab.listener.max-backoff=2s", "spring.cloud.aws.sqs.listener.poll-timeout=2s" })
class UnverifiedSenderIntegrationTests {

	static final String SES_REJECTION = "554 Message rejected: Email address is not verified. The following"
			+ " identities failed the check in region EU-WEST-1: orders@fanoutlab.dev";

	static final LocalAws aws = LocalAws.get();

	static final RejectingSmtpServer smtp = new RejectingSmtpServer();

	@DynamicPropertySource
	static void aws(DynamicPropertyRegistry registry) {
		aws.reset();
		aws.registerProperties(registry);
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", smtp::port);
	}

	@AfterAll
	static void stopSmtp() {
		smtp.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	@Autowired
	MessageListenerContainerRegistry listeners;

	@Test
	void reportsAnUnverifiedSenderInHealthStopsReadingAndKeepsTheMessageOutOfTheDlq() {
		RestClient http = RestClient.create("http://localhost:" + this.port);
		assertThat(senderVerification(http).path("status").asString()).isEqualTo("UP");

		publish(event(UUID.randomUUID()));

		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			JsonNode component = senderVerification(http);
			assertThat(component.path("status").asString()).isEqualTo("DOWN");
			assertThat(component.path("details").path("reason").asString())
				.contains("554 Message rejected: Email address is not verified")
				.doesNotContain("@");
			assertThat(component.path("details").path("sender").asString()).isEqualTo("orders@fanoutlab.dev");
		});
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.listeners.getListenerContainers()
				.stream()
				.noneMatch(MessageListenerContainer::isRunning));
		int attempts = smtp.rejections();
		// A transient failure would be received again after the 15 s backoff (and be in
		// the
		// DLQ after the third): wait beyond it.
		await().pollDelay(Duration.ofSeconds(25))
			.atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(aws.messages("order-notifications")).isEqualTo(1));
		assertThat(aws.messages("order-notifications-dlq")).isZero();
		// A long poll already waiting when the listener stops may receive it once more:
		// still below maxReceiveCount (3), and nothing after that.
		assertThat(smtp.rejections()).isEqualTo(attempts).isBetween(1, 2);
	}

	@Test
	void takesOnlyAnUnverifiedIdentityForAConfigurationError() {
		assertThat(SenderVerification.unverifiedIdentityRejection(new MailSendException("Failed",
				new MessagingException("wrapped", new MessagingException(SES_REJECTION)))))
			.startsWith("554 Message rejected: Email address is not verified");
		assertThat(SenderVerification.unverifiedIdentityRejection(
				new MailSendException("554 Transaction failed: Local address contains control or whitespace")))
			.isNull();
		assertThat(SenderVerification
			.unverifiedIdentityRejection(new MailSendException("421 Service not available, closing channel"))).isNull();
	}

	private static JsonNode senderVerification(RestClient http) {
		JsonNode health = http.get()
			.uri("/actuator/health")
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, response) -> {
			})
			.body(JsonNode.class);
		return health.path("components").path("senderVerification");
	}

	private String event(UUID orderId) {
		ObjectNode event = (ObjectNode) this.json.readTree(ContractSchemas.orderPlacedExamples().get(0));
		event.put("orderId", orderId.toString());
		event.put("eventId", UUID.randomUUID().toString());
		event.put("customerEmail", "ada@example.com");
		event.put("notifyCustomer", true);
		event.put("occurredAt", Instant.now().toString());
		return event.toString();
	}

	private void publish(String event) {
		aws.publish(event, Map.of("eventType", "OrderPlaced", "schemaVersion", "1", "correlationId", "test",
				"notifyCustomer", "true"));
	}

	/**
	 * Speaks enough SMTP for Jakarta Mail and rejects every message at the end of DATA,
	 * as SES does for an unverified identity.
	 */
	static final class RejectingSmtpServer implements AutoCloseable {

		private final ServerSocket socket;

		private final AtomicInteger rejections = new AtomicInteger();

		RejectingSmtpServer() {
			try {
				this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			Thread acceptor = new Thread(this::accept, "rejecting-smtp");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		int port() {
			return this.socket.getLocalPort();
		}

		int rejections() {
			return this.rejections.get();
		}

		private void accept() {
			while (!this.socket.isClosed()) {
				try (Socket client = this.socket.accept()) {
					converse(client);
				}
				catch (SocketException closed) {
					return;
				}
				catch (IOException ex) {
					// the client went away; take the next one
				}
			}
		}

		private void converse(Socket client) throws IOException {
			BufferedReader in = new BufferedReader(
					new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
			OutputStream out = client.getOutputStream();
			reply(out, "220 email-smtp.eu-west-1.amazonaws.com ESMTP SimpleEmailService");
			boolean data = false;
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				if (data) {
					if (line.equals(".")) {
						data = false;
						this.rejections.incrementAndGet();
						reply(out, SES_REJECTION);
					}
					continue;
				}
				String command = line.toUpperCase(Locale.ROOT);
				if (command.startsWith("EHLO") || command.startsWith("HELO")) {
					reply(out, "250 email-smtp.amazonaws.com");
				}
				else if (command.startsWith("DATA")) {
					data = true;
					reply(out, "354 End data with <CR><LF>.<CR><LF>");
				}
				else if (command.startsWith("QUIT")) {
					reply(out, "221 Bye");
					return;
				}
				else {
					reply(out, "250 Ok");
				}
			}
		}

		private static void reply(OutputStream out, String line) throws IOException {
			out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
		}

		@Override
		public void close() {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
