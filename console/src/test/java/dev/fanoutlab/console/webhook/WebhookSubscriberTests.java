package dev.fanoutlab.console.webhook;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * On AWS (no SNS endpoint configured) the console refuses to start a webhook SNS could
 * not reach safely. Refused before any AWS call.
 */
class WebhookSubscriberTests {

	final WebhookFixture fixture = new WebhookFixture();

	@AfterEach
	void close() {
		this.fixture.close();
	}

	@Test
	void refusesToStartOnAwsWithAnEndpointThatIsNotHttps() {
		assertThatIllegalStateException()
			.isThrownBy(() -> subscriber("http://webhook.example.com/webhooks/orders", true).start())
			.withMessageContaining("must be https");
	}

	@Test
	void refusesToStartOnAwsWithSignatureVerificationOff() {
		assertThatIllegalStateException()
			.isThrownBy(() -> subscriber("https://webhook.example.com/webhooks/orders", false).start())
			.withMessageContaining("spring.cloud.aws.sns.verification=true");
	}

	private WebhookSubscriber subscriber(String endpoint, boolean verify) {
		WebhookProperties properties = new WebhookProperties(URI.create(endpoint), List.of());
		return new WebhookSubscriber(this.fixture.sns, this.fixture.sqs, this.fixture.webhook(verify, properties),
				WebhookFixture.console(), properties);
	}

}
