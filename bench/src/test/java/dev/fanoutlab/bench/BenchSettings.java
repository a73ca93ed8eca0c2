package dev.fanoutlab.bench;

import java.util.List;

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
 */
record BenchSettings(int rounds, int drainMessages, int orders, int consumerThreads, int httpClients, int warmup,
		List<String> startupServices) {

	/** What {@code make bench} runs. */
	static BenchSettings full() {
		return new BenchSettings(Integer.getInteger("bench.rounds", 3), Integer.getInteger("bench.messages", 1000),
				Integer.getInteger("bench.orders", 1000), 10, 8, 100,
				List.of("producer-service", "consumer-service", "notifier-service"));
	}

	/**
	 * The smoke run of {@code make test}: every kind of figure once, small, one service's
	 * startup.
	 */
	static BenchSettings smoke() {
		return new BenchSettings(1, 100, 100, 10, 8, 10, List.of("consumer-service"));
	}

}
