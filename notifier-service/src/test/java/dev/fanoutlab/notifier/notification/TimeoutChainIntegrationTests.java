package dev.fanoutlab.notifier.notification;

import java.time.Duration;

import dev.fanoutlab.messaging.AwsTimeoutProperties;
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
 * s). The runner starts from the shipped {@code application.yml} values.
 */
class TimeoutChainIntegrationTests {

	static final LocalAws aws = LocalAws.get();

	final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Chain.class)
		.withPropertyValues("fanout-lab.listener.queue=order-notifications",
				"fanout-lab.notifications.table=fanout-lab-notifications",
				"fanout-lab.notifications.from=orders@fanoutlab.dev", "fanout-lab.notifications.claim-timeout=40s",
				"spring.mail.properties[mail.smtp.connectiontimeout]=3000",
				"spring.mail.properties[mail.smtp.timeout]=1500", "spring.mail.properties[mail.smtp.writetimeout]=500",
				"fanout-lab.aws.dynamodb.api-call-timeout=2s", "fanout-lab.aws.dynamodb.api-call-attempt-timeout=1s");

	@Test
	void startsWithTheShippedTimeoutsWithStartTlsAndAuthentication() {
		this.runner
			.withPropertyValues("spring.mail.properties[mail.smtp.starttls.enable]=true",
					"spring.mail.properties[mail.smtp.auth]=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(TimeoutChain.class).longestSend()).isLessThan(Duration.ofSeconds(40))
					.isEqualTo(Duration.ofMillis(3000 + 14 * 1500 + 13 * 500 + 600 + 4 * 2000));
			});
	}

	@Test
	void failsStartupWhenTheDynamoDbCallsOfASendOutlastTheClaim() {
		// SMTP 16.5 s and mark pauses 0.6 s fit; the claim and 3 marks at the reader
		// default of 10 s each do not.
		this.runner.withPropertyValues("fanout-lab.aws.dynamodb.api-call-timeout=10s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("fanout-lab.notifications.claim-timeout (PT40S)")
				.hasMessageContaining("4 DynamoDB calls")
				.hasMessageContaining("fanout-lab.aws.dynamodb.api-call-timeout"));
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
	@EnableConfigurationProperties({ MailProperties.class, NotificationProperties.class, ListenerProperties.class,
			AwsTimeoutProperties.class })
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
