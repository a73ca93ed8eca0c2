package dev.fanoutlab.console.webhook;

import java.util.List;
import java.util.Map;

import dev.fanoutlab.console.ConsoleApplication;
import dev.fanoutlab.testsupport.LocalAws;
import dev.fanoutlab.testsupport.Ports;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.model.Subscription;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order webhook's subscription follows the console's life against the emulator: moto
 * fails every {@code Publish} while a subscribed HTTP endpoint does not answer, so a
 * stopped console must not stay subscribed there.
 */
class WebhookSubscriberIntegrationTests {

	static final LocalAws aws = LocalAws.get();

	@Test
	void subscribesTheWebhookAtStartupAndUnsubscribesItWhenTheConsoleStopsAgainstTheEmulator() {
		aws.reset();
		int port = Ports.free();
		String endpoint = "http://127.0.0.1:" + port + "/webhooks/orders";
		ConfigurableApplicationContext console = new SpringApplicationBuilder(ConsoleApplication.class).run(
				"--spring.cloud.aws.endpoint=" + aws.endpoint(), "--spring.cloud.aws.region.static=" + LocalAws.REGION,
				"--spring.cloud.aws.credentials.access-key=test", "--spring.cloud.aws.credentials.secret-key=test",
				"--spring.cloud.aws.sns.verification=false",
				"--fanout-lab.console.topic-arn=" + aws.provisioned().topicArn(), "--server.port=" + port,
				"--fanout-lab.console.webhook.endpoint=" + endpoint);
		try {
			assertThat(webhookSubscriptions(endpoint)).hasSize(1);
		}
		finally {
			console.close();
		}

		assertThat(webhookSubscriptions(endpoint)).isEmpty();
		aws.publish("{\"eventId\":\"after-the-console-stopped\"}", Map.of("eventType", "OrderPlaced"));
	}

	private static List<Subscription> webhookSubscriptions(String endpoint) {
		return aws.sns()
			.listSubscriptionsByTopic((request) -> request.topicArn(aws.provisioned().topicArn()))
			.subscriptions()
			.stream()
			.filter((subscription) -> endpoint.equals(subscription.endpoint()))
			.toList();
	}

}
