package dev.fanoutlab.bench;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code make bench} in small (every figure once, about a minute on a loaded laptop), as
 * part of {@code make test}: it runs, and it produces every figure. No timing is
 * asserted.
 */
class BenchSmokeIntegrationTests {

	@Test
	void producesEveryFigureAndTheResultsPage() throws Exception {
		BenchSettings settings = BenchSettings.smoke();

		Results results = new Bench(settings).run();

		assertThat(results.figures()).allSatisfy((name, samples) -> assertThat(samples.values()).as(name)
			.singleElement()
			.satisfies((value) -> assertThat(value).as(name).isPositive()));
		assertThat(results.figures()).containsKeys("drain service", "drain raw", "drain ratio", "publish service",
				"publish raw", "publish ratio", "startup hello-web", "rss hello-web", "rss load consumer-service",
				"rss load producer-service", "cpu consumer-service", "cpu producer-service");
		for (String service : settings.startupServices()) {
			assertThat(results.figures()).containsKeys("startup " + service, "startup ratio " + service,
					"rss " + service, "rss ratio " + service);
		}
		for (String side : new String[] { "consumer-service", "raw drain" }) {
			assertThat(results.requestsPerThousand(side)).as(side)
				.containsKeys("Sqs.ReceiveMessage", "DynamoDb.GetItem", "DynamoDb.PutItem");
			// one DeleteMessage each (raw), or DeleteMessageBatch (Spring Cloud AWS, even
			// for one)
			assertThat(results.requestsPerThousand(side).keySet()).as(side)
				.anySatisfy((action) -> assertThat(action).startsWith("Sqs.DeleteMessage"));
		}
		for (String side : new String[] { "producer-service", "raw publish" }) {
			assertThat(results.requestsPerThousand(side)).as(side).containsKey("Sns.Publish");
			assertThat(results.requestsPerThousand(side).get("Sns.Publish")).as(side).isGreaterThanOrEqualTo(1000);
		}
		assertThat(Files.readString(Bench.output().resolve(settings.resultsFile()))).contains("| Consumer drain")
			.contains("| Producer HTTP")
			.contains("AWS requests per 1,000 orders");
	}

}
