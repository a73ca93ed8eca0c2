package dev.fanoutlab.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;

import com.icegreen.greenmail.util.GreenMail;
import dev.fanoutlab.testsupport.LocalAws;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The claim check through the whole system: a bulk order whose event is over SNS's 256
 * KiB goes from producer-service through S3 and the topic, as a pointer, to both readers,
 * raw to consumer-service and enveloped to notifier-service, which each fetch the event.
 */
class ClaimCheckIntegrationTests {

	static final LocalAws aws = WholeSystem.aws;

	static final GreenMail smtp = WholeSystem.smtp;

	final JsonMapper json = JsonMapper.builder().build();

	final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void startTheSystem() {
		WholeSystem.start();
	}

	@BeforeEach
	void startClean() throws Exception {
		aws.reset();
		smtp.purgeEmailFromAllMailboxes();
	}

	@Test
	void aFiveThousandLineOrderIsFulfilledWithItsTotalsAndItsCustomerNotified() throws Exception {
		// 5,000 lines of 250 LAPTOP-13 at 1234.50: an event of about 275 KB
		String line = "{\"sku\":\"LAPTOP-13\",\"quantity\":250,\"unitPrice\":1234.50}";
		String order = "{\"customerEmail\":\"bulk@example.com\",\"items\":["
				+ String.join(",", Collections.nCopies(5_000, line)) + "]}";

		HttpResponse<String> accepted = this.http.send(HttpRequest.newBuilder(WholeSystem.producer.uri("/api/orders"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(order))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		String orderId = this.json.readTree(accepted.body()).get("orderId").asString();
		await().atMost(Duration.ofSeconds(90))
			.untilAsserted(() -> assertThat(get(WholeSystem.consumer.uri("/api/orders/" + orderId)).statusCode())
				.isEqualTo(200));
		JsonNode fulfilment = this.json.readTree(get(WholeSystem.consumer.uri("/api/orders/" + orderId)).body());
		assertThat(fulfilment.get("units").asInt()).isEqualTo(1_250_000);
		assertThat(fulfilment.get("total").decimalValue()).isEqualByComparingTo("1543125000.00");
		await().atMost(Duration.ofSeconds(90)).until(() -> smtp.getReceivedMessages().length == 1);
		assertThat(smtp.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo("bulk@example.com");
		assertThat(this.json.readTree(get(WholeSystem.notifier.uri("/api/notifications?orderId=" + orderId)).body())
			.get(0)
			.get("status")
			.asString()).isEqualTo("SENT");
	}

	private HttpResponse<String> get(URI uri) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
	}

}
