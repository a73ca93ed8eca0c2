package dev.fanoutlab.console.timeline;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.fanoutlab.console.queues.LiveTopology;
import org.jspecify.annotations.Nullable;

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

	/**
	 * The event that came as a claim check with this pointer.
	 * @param s3Key the S3 key the pointer names
	 * @return its event id, {@code null} if no entry came with it
	 */
	synchronized @Nullable String eventIdOfClaimCheck(String s3Key) {
		return this.entries.stream()
			.filter((entry) -> entry.claimCheck() != null && s3Key.equals(entry.claimCheck().key()))
			.map(Entry::eventId)
			.findFirst()
			.orElse(null);
	}

	public synchronized List<Entry> entries() {
		return this.entries.stream()
			.map((entry) -> new Entry(entry.eventId(), entry.orderId(), entry.publishedAt(), entry.attributes(),
					entry.receivers(), new LinkedHashMap<>(entry.outcomes()),
					new LinkedHashMap<>(entry.receiveCounts()), entry.lane(), entry.messageGroupId(),
					entry.sequenceNumber(), entry.order(), entry.claimCheck()))
			.toList();
	}

	/**
	 * The FIFO lane's message groups with events not yet processed by a reader: the FIFO
	 * entries of the timeline that still await processing
	 * ({@link Outcome#awaitsProcessing()}) at one of their receivers that a service
	 * reads, by message group. A queue nobody reads (a lab's own) would keep its events
	 * pending for ever, so it does not count. A group whose head keeps failing holds back
	 * every later event of its group, so its count grows while other groups' events come
	 * and go. Derived from the last {@value #SIZE} events only.
	 * @param read whether a service reads a queue
	 * @return the groups, the one with the oldest pending event first
	 */
	public synchronized List<GroupInFlight> groupsInFlight(Predicate<String> read) {
		Map<String, GroupInFlight> groups = new LinkedHashMap<>();
		// Oldest first: the first pending event of a group is its head.
		this.entries.descendingIterator().forEachRemaining((entry) -> {
			String group = entry.messageGroupId();
			if (entry.fifo() && group != null
					&& entry.outcomes()
						.entrySet()
						.stream()
						.anyMatch((outcome) -> outcome.getValue().awaitsProcessing() && read.test(outcome.getKey()))) {
				groups.merge(group, new GroupInFlight(group, 1, entry.orderId(), entry.eventId()), (head,
						next) -> new GroupInFlight(group, head.pending() + 1, head.headOrderId(), head.headEventId()));
			}
		});
		return List.copyOf(groups.values());
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
	 * @param lane the lane it was published on:
	 * {@value LiveTopology.Subscription#STANDARD} or
	 * {@value LiveTopology.Subscription#FIFO}
	 * @param messageGroupId its message group (FIFO lane: the customer, as the SHA-256
	 * the producer sets), else {@code null}
	 * @param sequenceNumber the number SNS/SQS gave it within its group (FIFO lane), else
	 * {@code null}
	 * @param order the order it carries, {@code null} if it carries none readable
	 * @param claimCheck the claim check it came as (an event over 256 KiB), else
	 * {@code null}
	 */
	public record Entry(String eventId, String orderId, Instant publishedAt, Map<String, String> attributes,
			List<String> receivers, Map<String, Outcome> outcomes, Map<String, Integer> receiveCounts, String lane,
			@Nullable String messageGroupId, @Nullable String sequenceNumber, @Nullable Order order,
			@Nullable ClaimChecked claimCheck) {

		boolean fifo() {
			return LiveTopology.Subscription.FIFO.equals(this.lane);
		}

		/**
		 * The trace the event belongs to: the trace id of its {@code traceparent} message
		 * attribute, which the services publish every event with.
		 * @return 32 lowercase hex digits, {@code null} when it came without a valid
		 * {@code traceparent} (published with the raw AWS CLI, say: its readers start a
		 * new trace)
		 */
		@JsonProperty
		public @Nullable String traceId() {
			return TraceParent.traceId(this.attributes.get(TraceParent.ATTRIBUTE));
		}

	}

	/**
	 * What the console shows of an order.
	 *
	 * @param customerEmail the customer
	 * @param lines how many lines it has
	 * @param total its total
	 * @param currency the total's currency
	 */
	public record Order(String customerEmail, int lines, String total, String currency) {

	}

	/**
	 * An event that came as a claim check: a pointer to the event in S3, published by the
	 * SNS extended client in place of an event over 256 KiB.
	 *
	 * @param size the event's size in bytes (message attribute
	 * {@code ExtendedPayloadSize})
	 * @param bucket the S3 bucket the pointer names
	 * @param key the S3 key the pointer names
	 * @param problem why the event could not be fetched (gone, another bucket, an
	 * unreadable pointer), {@code null} once it was
	 */
	public record ClaimChecked(long size, String bucket, String key, @Nullable String problem) {

	}

	/**
	 * A message group of the FIFO lane with events not yet processed.
	 *
	 * @param messageGroupId the group
	 * @param pending its events that await processing
	 * @param headOrderId the order of its oldest such event: the one the group waits for
	 * @param headEventId that event
	 */
	public record GroupInFlight(String messageGroupId, int pending, String headOrderId, String headEventId) {

	}

}
