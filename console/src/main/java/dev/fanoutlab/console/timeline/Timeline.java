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
 * ended per subscriber (an {@link Outcome}).
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
						.computeIfPresent(queue, (key, outcome) -> outcome.deliveredAgain()));
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
	 */
	synchronized void update(String eventId, String queue, Outcome outcome) {
		this.entries.stream()
			.filter((entry) -> entry.eventId().equals(eventId))
			.findFirst()
			.ifPresent((entry) -> entry.outcomes().put(queue, outcome));
	}

	/**
	 * An event was found in the dead-letter queue of a queue; recorded once, with the
	 * receive count SQS reported then.
	 * @param eventId the event
	 * @param queue the source queue
	 * @param receiveCount the receive count of the DLQ message
	 */
	synchronized void deadLettered(String eventId, String queue, int receiveCount) {
		this.entries.stream().filter((entry) -> entry.eventId().equals(eventId)).findFirst().ifPresent((entry) -> {
			if (entry.outcomes().get(queue) != Outcome.DEAD_LETTERED) {
				entry.outcomes().put(queue, Outcome.DEAD_LETTERED);
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
			List<String> receivers, Map<String, Outcome> outcomes, Map<String, Integer> receiveCounts) {

	}

}
