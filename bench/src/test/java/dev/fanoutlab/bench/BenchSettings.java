package dev.fanoutlab.bench;

import java.nio.file.Path;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The sizes of a bench run.
 *
 * @param rounds alternating rounds (service first in odd rounds, baseline first in even
 * ones)
 * @param drainMessages messages pre-filled in the queue each drain, per side
 * @param orders orders placed each publish run, per side
 * @param consumerThreads the raw drain's threads: the listener's
 * {@code max-concurrent-messages} (10)
 * @param httpClients concurrent HTTP clients, and the raw publisher's threads
 * @param warmup requests each side gets before the producer runs are timed
 * @param startupServices the services whose startup and RSS idle are measured against
 * hello-web
 * @param runtimeLevers whether to also start producer-service with an AppCDS archive on
 * this JDK, and on {@code jdk25} with and without an AOT cache
 * @param jdk25 the home of a JDK 25, or {@code null}
 * @param resultsFile the file in {@code target/bench} the table is written to
 * @param tunedConcurrency if positive, consumer-service also drains with this
 * {@code max-concurrent-messages} (the default is 10, as {@code max-messages-per-poll})
 */
record BenchSettings(int rounds, int drainMessages, int orders, int consumerThreads, int httpClients, int warmup,
		List<String> startupServices, boolean runtimeLevers, @Nullable Path jdk25, String resultsFile,
		int tunedConcurrency) {

	/** What {@code make bench} runs. */
	static BenchSettings full() {
		return new BenchSettings(Integer.getInteger("bench.rounds", 3), Integer.getInteger("bench.messages", 1000),
				Integer.getInteger("bench.orders", 1000), 10, 8, 100,
				List.of("producer-service", "consumer-service", "notifier-service"), true, configuredJdk25(),
				"results.md", Integer.getInteger("bench.tuned-concurrency", 30));
	}

	/**
	 * The smoke run of {@code make test}: every kind of figure once, small, one service's
	 * startup.
	 */
	static BenchSettings smoke() {
		return new BenchSettings(1, 100, 100, 10, 8, 10, List.of("consumer-service"), false, null, "smoke-results.md",
				0);
	}

	private static @Nullable Path configuredJdk25() {
		String home = System.getProperty("bench.jdk25", "");
		return home.isBlank() ? null : Path.of(home);
	}

}
