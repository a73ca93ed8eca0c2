package dev.fanoutlab.system;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a chaos run does, from system properties ({@code -Dchaos.orders=2000} and so on).
 * The defaults are the reduced run of {@code make test}; {@code make chaos} passes the
 * full one.
 *
 * @param orders orders to place ({@code chaos.orders})
 * @param rate orders placed per second, steadily ({@code chaos.rate})
 * @param killEvery mean interval between SIGKILLs of a random consumer-service instance
 * ({@code chaos.killEvery}, each interval drawn in ±25 %)
 * @param freeze how long the AWS emulator is frozen with SIGSTOP ({@code chaos.freeze})
 * @param drainTimeout how long to wait for the queues to empty after the last order
 * ({@code chaos.drainTimeout})
 * @param seed the seed of the random schedule ({@code chaos.seed}), printed so that a run
 * can be repeated
 * @param poisonEvery every n-th order is poison, a SKU the warehouse does not stock
 * ({@code chaos.poisonEvery}, 100 = 1 %)
 * @param quietEvery every n-th order opts out of notifications ({@code chaos.quietEvery})
 * @param sabotage a deliberate fault, to show that the verdict catches it
 * ({@code chaos.sabotage}): {@code lose} deletes one order's message from
 * {@code order-fulfilment}; {@code duplicate} publishes one order again under new ids, as
 * a producer would that generates new ids on a retry
 */
record ChaosSettings(int orders, double rate, Duration killEvery, Duration freeze, Duration drainTimeout, long seed,
		int poisonEvery, int quietEvery, Sabotage sabotage) {

	ChaosSettings {
		if (orders < 1 || orders > 100_000) {
			throw new IllegalArgumentException("chaos.orders must be 1 to 100000, not " + orders);
		}
		if (!(rate > 0 && rate <= 200)) {
			throw new IllegalArgumentException("chaos.rate must be above 0 and at most 200 per second, not " + rate);
		}
		if (killEvery.toSeconds() < 2 || freeze.isNegative() || freeze.toSeconds() > 60
				|| drainTimeout.toSeconds() < 10) {
			throw new IllegalArgumentException("chaos.killEvery must be at least 2 s, chaos.freeze 0 to 60 s, "
					+ "chaos.drainTimeout at least 10 s");
		}
	}

	static ChaosSettings fromSystemProperties() {
		return new ChaosSettings(Integer.parseInt(System.getProperty("chaos.orders", "150")),
				Double.parseDouble(System.getProperty("chaos.rate", "5")), duration("chaos.killEvery", "10s"),
				duration("chaos.freeze", "5s"), duration("chaos.drainTimeout", "240s"),
				Long.parseLong(System.getProperty("chaos.seed", Long.toString(ThreadLocalRandom.current().nextLong()))),
				Integer.parseInt(System.getProperty("chaos.poisonEvery", "100")),
				Integer.parseInt(System.getProperty("chaos.quietEvery", "10")),
				Sabotage.valueOf(System.getProperty("chaos.sabotage", "none").toUpperCase(Locale.ROOT)));
	}

	/** How long placing every order takes at the steady rate. */
	Duration placing() {
		return Duration.ofMillis((long) (this.orders * 1000 / this.rate));
	}

	boolean poison(int index) {
		return index % this.poisonEvery == this.poisonEvery / 2;
	}

	boolean notifies(int index) {
		return !poison(index) && index % this.quietEvery != this.quietEvery - 1;
	}

	/** {@code 20s}, {@code 500ms} or ISO-8601 ({@code PT20S}). */
	private static Duration duration(String property, String defaultValue) {
		String value = System.getProperty(property, defaultValue).trim().toLowerCase(Locale.ROOT);
		if (value.startsWith("pt")) {
			return Duration.parse(value.toUpperCase(Locale.ROOT));
		}
		if (value.endsWith("ms")) {
			return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
		}
		if (value.endsWith("s")) {
			return Duration.ofMillis((long) (Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
		}
		throw new IllegalArgumentException(property + " must look like 20s, 500ms or PT20S, not " + value);
	}

	/** A deliberate fault that the verdict must catch. */
	enum Sabotage {

		NONE, LOSE, DUPLICATE

	}

}
