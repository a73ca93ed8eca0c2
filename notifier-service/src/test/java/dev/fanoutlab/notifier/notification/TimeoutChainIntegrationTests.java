package dev.fanoutlab.notifier.notification;

import java.time.Duration;

import dev.fanoutlab.messaging.ListenerProperties;
import dev.fanoutlab.testsupport.LocalAws;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.mail.autoconfigure.MailProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The timeouts chain, longest send &lt; claim timeout &lt; visibility timeout, checked at
 * startup against the real {@code order-notifications} queue (moto, visibility timeout 60
 * s).
 */
class TimeoutChainIntegrationTests {

	static final LocalAws aws = LocalAws.get();

	final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Chain.class)
		.withPropertyValues("fanout-lab.listener.queue=order-notifications",
				"fanout-lab.notifications.table=fanout-lab-notifications",
				"fanout-lab.notifications.from=orders@fanoutlab.dev", "fanout-lab.notifications.claim-timeout=40s",
				"spring.mail.properties[mail.smtp.connectiontimeout]=3000",
				"spring.mail.properties[mail.smtp.timeout]=2000", "spring.mail.properties[mail.smtp.writetimeout]=500");

	@Test
	void startsWithTheShippedTimeoutsWithStartTlsAndAuthentication() {
		this.runner
			.withPropertyValues("spring.mail.properties[mail.smtp.starttls.enable]=true",
					"spring.mail.properties[mail.smtp.auth]=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(TimeoutChain.class).longestSend()).isLessThan(Duration.ofSeconds(40))
					.isEqualTo(Duration.ofMillis(3000 + 14 * 2000 + 13 * 500 + 600));
			});
	}

	@Test
	void failsStartupWhenTheSmtpTimeoutsOutlastTheClaim() {
		this.runner
			.withPropertyValues("spring.mail.properties[mail.smtp.timeout]=10000",
					"spring.mail.properties[mail.smtp.writetimeout]=10000")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("fanout-lab.notifications.claim-timeout (PT40S)")
				.hasMessageContaining("mail.smtp"));
	}

	@Test
	void failsStartupWhenAnSmtpTimeoutIsMissing() {
		new ApplicationContextRunner().withUserConfiguration(Chain.class)
			.withPropertyValues("fanout-lab.listener.queue=order-notifications",
					"fanout-lab.notifications.table=fanout-lab-notifications",
					"fanout-lab.notifications.from=orders@fanoutlab.dev", "fanout-lab.notifications.claim-timeout=40s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("spring.mail.properties[mail.smtp.connectiontimeout] must be set"));
	}

	@Test
	void failsStartupWhenTheClaimOutlastsTheVisibilityTimeout() {
		this.runner.withPropertyValues("fanout-lab.notifications.claim-timeout=60s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("visibility timeout of order-notifications (PT1M)"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ MailProperties.class, NotificationProperties.class, ListenerProperties.class })
	@Import(TimeoutChain.class)
	static class Chain {

		@Bean
		SqsAsyncClient sqs() {
			return SqsAsyncClient.builder()
				.endpointOverride(aws.endpoint())
				.region(Region.of(LocalAws.REGION))
				.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
				.build();
		}

	}

}
