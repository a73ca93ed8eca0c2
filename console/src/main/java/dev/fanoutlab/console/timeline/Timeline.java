package dev.fanoutlab.console.timeline;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * The most recent events on the topic: which subscribers received each, and where each
 * ended per subscriber ({@code pending}, {@code processed}, {@code dead-lettered},
 * {@code redriven}, and {@code duplicate delivered} when the same event was published
 * again).
 */
@Component
public class Timeline {

	static final int SIZE = 50;

	private final Deque<Entry> entries = new ArrayDeque<>();

	synchronized void record(Entry entry) {
		for (Entry existing : this.entries) {
			if (existing.eventId().equals(entry.eventId())) {
				// Published again with the same event id: every subscriber gets a
				// duplicate,
				// which an idempotent reader acknowledges without effect.
				existing.receivers()
					.forEach((queue) -> existing.outcomes()
						.computeIfPresent(queue, (key, outcome) -> "processed".equals(outcome)
								? "processed (duplicate delivered)" : outcome));
				return;
			}
		}
		this.entries.addFirst(entry);
		while (this.entries.size() > SIZE) {
			this.entries.removeLast();
		}
	}

	/**
	 * Set where an event ended at a queue.
	 * @param eventId the event
	 * @param queue the queue
	 * @param outcome the outcome
	 * @param receiveCount receives counted by SQS, or {@code null} if unknown
	 */
	public synchronized void update(String eventId, String queue, String outcome, Integer receiveCount) {
		this.entries.stream().filter((entry) -> entry.eventId().equals(eventId)).findFirst().ifPresent((entry) -> {
			entry.outcomes().put(queue, outcome);
			if (receiveCount != null) {
				entry.receiveCounts().put(queue, receiveCount);
			}
		});
	}

	/**
	 * An event was found in the dead-letter queue of a queue; recorded once, with the
	 * receive count SQS reported then.
	 * @param eventId the event
	 * @param queue the source queue
	 * @param receiveCount the receive count of the DLQ message
	 */
	public synchronized void deadLettered(String eventId, String queue, int receiveCount) {
		this.entries.stream().filter((entry) -> entry.eventId().equals(eventId)).findFirst().ifPresent((entry) -> {
			if (!"dead-lettered".equals(entry.outcomes().get(queue))) {
				entry.outcomes().put(queue, "dead-lettered");
				entry.receiveCounts().put(queue, receiveCount);
			}
		});
	}

	public synchronized List<Entry> entries() {
		return this.entries.stream()
			.map((entry) -> new Entry(entry.eventId(), entry.orderId(), entry.publishedAt(), entry.attributes(),
					entry.receivers(), new LinkedHashMap<>(entry.outcomes()),
					new LinkedHashMap<>(entry.receiveCounts())))
			.toList();
	}

	/**
	 * One event.
	 *
	 * @param eventId the event id
	 * @param orderId its order
	 * @param publishedAt when SNS accepted it
	 * @param attributes its message attributes
	 * @param receivers the queues whose subscription matched it
	 * @param outcomes where it ended, per receiving queue
	 * @param receiveCounts receives per queue, where known
	 */
	public record Entry(String eventId, String orderId, Instant publishedAt, Map<String, String> attributes,
			List<String> receivers, Map<String, String> outcomes, Map<String, Integer> receiveCounts) {

	}

}
