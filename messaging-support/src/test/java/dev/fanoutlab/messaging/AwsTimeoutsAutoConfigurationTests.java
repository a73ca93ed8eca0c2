package dev.fanoutlab.messaging;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.awspring.cloud.autoconfigure.core.AwsAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.dynamodb.DynamoDbAutoConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The DynamoDB client Spring Cloud AWS builds gets the configured timeouts: against an
 * endpoint that accepts connections and never answers (a brownout), a call fails after
 * the call timeout instead of holding its thread.
 */
class AwsTimeoutsAutoConfigurationTests {

	private ServerSocket silent;

	private final List<Socket> accepted = new CopyOnWriteArrayList<>();

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AwsAutoConfiguration.class, CredentialsProviderAutoConfiguration.class,
				RegionProviderAutoConfiguration.class, AwsTimeoutsAutoConfiguration.class,
				DynamoDbAutoConfiguration.class))
		.withPropertyValues("spring.cloud.aws.region.static=us-east-1", "spring.cloud.aws.credentials.access-key=test",
				"spring.cloud.aws.credentials.secret-key=test");

	@BeforeEach
	void startASilentServer() throws IOException {
		this.silent = new ServerSocket(0);
		Thread acceptor = new Thread(() -> {
			try {
				while (true) {
					this.accepted.add(this.silent.accept());
				}
			}
			catch (IOException ex) {
				// closed
			}
		}, "silent-server");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	@AfterEach
	void stop() throws IOException {
		this.silent.close();
		for (Socket socket : this.accepted) {
			socket.close();
		}
	}

	@Test
	void givesUpOnADynamoDbCallThatGetsNoAnswerAfterTheCallTimeout() {
		this.contexts
			.withPropertyValues("spring.cloud.aws.dynamodb.endpoint=http://127.0.0.1:" + this.silent.getLocalPort(),
					"fanout-lab.aws.dynamodb.api-call-timeout=1s",
					"fanout-lab.aws.dynamodb.api-call-attempt-timeout=400ms")
			.run((context) -> {
				DynamoDbClient dynamoDb = context.getBean(DynamoDbClient.class);
				long started = System.nanoTime();

				// Without timeouts the SDK waits about 4.5 min here (socket timeouts,
				// retries).
				assertThat(CompletableFuture
					.runAsync(() -> assertThatExceptionOfType(ApiCallTimeoutException.class).isThrownBy(() -> dynamoDb
						.getItem((request) -> request.tableName("t").key(Map.of("k", AttributeValue.fromS("v")))))))
					.succeedsWithin(Duration.ofSeconds(30));

				// The SDK's default would wait for the HTTP client's socket timeout, per
				// attempt.
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
				assertThat(this.accepted).as("the call reached the silent server").isNotEmpty();
			});
	}

	@Test
	void boundsEveryClientByDefaultKeepingSpringCloudAwsConfiguration() {
		this.contexts.run((context) -> {
			var configuration = context.getBean(DynamoDbClient.class)
				.serviceClientConfiguration()
				.overrideConfiguration();

			assertThat(configuration.apiCallTimeout()).contains(Duration.ofSeconds(10));
			assertThat(configuration.apiCallAttemptTimeout()).contains(Duration.ofSeconds(3));
			assertThat(configuration.advancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX))
				.as("Spring Cloud AWS's user agent")
				.hasValueSatisfying((agent) -> assertThat(agent).contains("spring-cloud-aws"));
		});
	}

}
