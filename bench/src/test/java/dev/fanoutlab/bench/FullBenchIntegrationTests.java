package dev.fanoutlab.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The full {@code make bench} run (excluded from {@code make test}; run by
 * {@code scripts/bench.sh}): sizes from {@code -Dbench.rounds}, {@code -Dbench.messages}
 * and {@code -Dbench.orders}.
 */
class FullBenchIntegrationTests {

	@Test
	void measuresEveryFigureOverAlternatingRounds() {
		BenchSettings settings = BenchSettings.full();

		Results results = new Bench(settings).run();

		assertThat(results.figures())
			.allSatisfy((name, samples) -> assertThat(samples.values()).as(name).hasSize(settings.rounds()));
	}

}
