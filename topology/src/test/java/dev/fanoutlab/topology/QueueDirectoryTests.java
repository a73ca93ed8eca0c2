package dev.fanoutlab.topology;

import java.net.URI;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import static org.assertj.core.api.Assertions.assertThat;

class QueueDirectoryTests {

	/**
	 * Nothing listens on the discard port: a call to SQS would fail. Never closed:
	 * closing an async client waits Netty's 2 s quiet period, and this one never
	 * connects.
	 */
	private static final SqsAsyncClient UNREACHABLE = SqsAsyncClient.builder()
		.region(Region.US_EAST_1)
		.credentialsProvider(AnonymousCredentialsProvider.create())
		.endpointOverride(URI.create("http://127.0.0.1:9"))
		.build();

	@Test
	void takesAQueueUrlAsItIsWithoutAskingSqs() {
		String url = "http://127.0.0.1:4566/123456789012/order-fulfilment";

		assertThat(new QueueDirectory(UNREACHABLE).url(url)).isEqualTo(url);
	}

	@Test
	void namesAQueueOrTopicAfterTheLastPartOfItsArn() {
		assertThat(QueueDirectory.nameOf("arn:aws:sqs:us-east-1:123456789012:order-fulfilment-dlq"))
			.isEqualTo("order-fulfilment-dlq");
		assertThat(QueueDirectory.nameOf("arn:aws:sns:us-east-1:123456789012:orders")).isEqualTo("orders");
	}

}
