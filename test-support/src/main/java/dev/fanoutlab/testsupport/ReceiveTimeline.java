package dev.fanoutlab.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * When a listener received each message, to measure the backoff between receives. A
 * test's stand-in for a dependency (a warehouse, a mail sender) that fails on purpose
 * calls {@link #record(String, String)} with the message's key and its
 * {@code ApproximateReceiveCount}; the test then asserts the gaps with
 * {@link #assertGaps(String, Duration...)}.
 */
public final class ReceiveTimeline {

	/** A gap may be this much shorter than nominal (timers, clock reads). */
	public static final double LOWER_TOLERANCE = 0.8;

	/** A gap may be this much longer than nominal: polling and a loaded machine. */
	public static final Duration UPPER_TOLERANCE = Duration.ofSeconds(4);

	private final Map<String, List<Receive>> receives = new ConcurrentHashMap<>();

	/**
	 * Record a receive, now.
	 * @param key what identifies the message, such as its order id
	 * @param receiveCount its {@code ApproximateReceiveCount}, or {@code null}
	 */
	public void record(String key, String receiveCount) {
		this.receives.computeIfAbsent(key, (k) -> new CopyOnWriteArrayList<>())
			.add(new Receive(Instant.now(), (receiveCount != null) ? Integer.parseInt(receiveCount) : -1));
	}

	/**
	 * The receives of a message so far.
	 * @param key the message's key
	 * @return its receives, in order
	 */
	public List<Receive> of(String key) {
		return List.copyOf(this.receives.getOrDefault(key, List.of()));
	}

	/**
	 * Assert the gaps between the receives of a message: exactly one more receive than
	 * gaps, with receive counts 1, 2, 3…, and each gap at least {@value #LOWER_TOLERANCE}
	 * of its nominal value and shorter than nominal plus {@link #UPPER_TOLERANCE}.
	 * @param key the message's key
	 * @param nominal the expected gaps, e.g. 2 s and 4 s for receives at 0, 2 and 6 s
	 * @throws AssertionError listing the receives if they do not match
	 */
	public void assertGaps(String key, Duration... nominal) {
		List<Receive> actual = of(key);
		List<String> problems = new ArrayList<>();
		if (actual.size() != nominal.length + 1) {
			problems.add("expected " + (nominal.length + 1) + " receives, got " + actual.size());
		}
		for (int i = 0; i < actual.size(); i++) {
			if (actual.get(i).receiveCount() != i + 1) {
				problems.add("receive " + (i + 1) + " has ApproximateReceiveCount " + actual.get(i).receiveCount());
			}
		}
		for (int i = 0; i < Math.min(nominal.length, actual.size() - 1); i++) {
			Duration gap = Duration.between(actual.get(i).at(), actual.get(i + 1).at());
			Duration min = Duration.ofMillis((long) (nominal[i].toMillis() * LOWER_TOLERANCE));
			Duration max = nominal[i].plus(UPPER_TOLERANCE);
			if (gap.compareTo(min) < 0 || gap.compareTo(max) >= 0) {
				problems.add("gap " + (i + 1) + " was " + gap.toMillis() + " ms, expected " + nominal[i].toMillis()
						+ " ms (" + min.toMillis() + " to " + max.toMillis() + " ms)");
			}
		}
		if (!problems.isEmpty()) {
			throw new AssertionError("Receives of " + key + " " + describe(actual) + ": " + problems);
		}
	}

	private static String describe(List<Receive> receives) {
		if (receives.isEmpty()) {
			return "[]";
		}
		Instant first = receives.get(0).at();
		return receives.stream()
			.map((r) -> "#" + r.receiveCount() + "@" + Duration.between(first, r.at()).toMillis() + "ms")
			.toList()
			.toString();
	}

	/**
	 * One receive.
	 *
	 * @param at when the listener got the message
	 * @param receiveCount its {@code ApproximateReceiveCount}, -1 if unknown
	 */
	public record Receive(Instant at, int receiveCount) {

	}

}
