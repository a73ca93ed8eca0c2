package dev.fanoutlab.console.timeline;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class TimelineTests {

	private final Timeline timeline = new Timeline();

	@Test
	void marksAProcessedEventDeliveredAgainAsADuplicateAndLeavesOtherOutcomes() {
		this.timeline.record(entry("e-1", Outcome.PENDING));
		this.timeline.update("e-1", "order-fulfilment", Outcome.PROCESSED);

		this.timeline.record(entry("e-1", Outcome.PENDING));

		assertThat(this.timeline.entries()).singleElement()
			.satisfies((entry) -> assertThat(entry.outcomes()).isEqualTo(Map.of("order-fulfilment",
					Outcome.PROCESSED_DUPLICATE_DELIVERED, "order-notifications", Outcome.PENDING)));
	}

	@Test
	void recordsADeadLetteredEventOnceWithTheReceiveCountSeenFirst() {
		this.timeline.record(entry("e-2", Outcome.PENDING));

		this.timeline.deadLettered("e-2", "order-fulfilment", 3);
		this.timeline.deadLettered("e-2", "order-fulfilment", 4);

		Timeline.Entry entry = this.timeline.entries().get(0);
		assertThat(entry.outcomes()).containsEntry("order-fulfilment", Outcome.DEAD_LETTERED);
		assertThat(entry.receiveCounts()).isEqualTo(Map.of("order-fulfilment", 3));
	}

	@Test
	void listsTheFifoGroupsWithEventsAwaitingProcessingWithTheirOldestEventAsHead() {
		this.timeline.record(fifo("a-1", "group-a", Outcome.PENDING));
		this.timeline.record(fifo("b-1", "group-b", Outcome.PENDING));
		this.timeline.record(fifo("a-2", "group-a", Outcome.PENDING));
		this.timeline.record(fifo("c-1", "group-c", Outcome.PROCESSED));
		this.timeline.record(entry("s-1", Outcome.PENDING));

		this.timeline.update("b-1", "order-fulfilment.fifo", Outcome.PROCESSED);

		assertThat(this.timeline.groupsInFlight((queue) -> true))
			.containsExactly(new Timeline.GroupInFlight("group-a", 2, "order-a-1", "a-1"));
		assertThat(this.timeline.groupsInFlight("lab-fifo.fifo"::equals)).isEmpty();
		this.timeline.deadLettered("a-1", "order-fulfilment.fifo", 3);
		assertThat(this.timeline.groupsInFlight((queue) -> true))
			.containsExactly(new Timeline.GroupInFlight("group-a", 1, "order-a-2", "a-2"));
	}

	@Test
	void looksForProcessingOnlyWhilePendingOrRedriven() {
		assertThat(Outcome.values()).filteredOn(Outcome::awaitsProcessing)
			.containsExactlyInAnyOrder(Outcome.PENDING, Outcome.REDRIVEN);
	}

	@Test
	void writesOutcomesAsTheLabelsThePageShows() {
		this.timeline.record(entry("e-3", Outcome.PENDING));
		this.timeline.update("e-3", "order-fulfilment", Outcome.DEAD_LETTERED);
		this.timeline.update("e-3", "order-notifications", Outcome.PROCESSED_DUPLICATE_DELIVERED);

		assertThat(JsonMapper.builder().build().writeValueAsString(this.timeline.entries().get(0).outcomes()))
			.isEqualTo("{\"order-fulfilment\":\"dead-lettered\",\"order-notifications\":"
					+ "\"processed (duplicate delivered)\"}");
	}

	@Test
	void writesTheTraceIdOfAnEventsTraceparentAndNoneWithoutOne() {
		this.timeline.record(entry("traced", Map.of("traceparent",
				"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "eventType", "OrderPlaced")));
		this.timeline.record(entry("untraced", Map.of("eventType", "OrderPlaced")));

		JsonNode written = JsonMapper.builder().build().valueToTree(this.timeline.entries());

		assertThat(written.findValuesAsString("eventId")).containsExactly("untraced", "traced");
		assertThat(written.get(1).get("traceId").asString()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
		assertThat(written.get(0).get("traceId").isNull()).isTrue();
	}

	private static Timeline.Entry entry(String eventId, Map<String, String> attributes) {
		return new Timeline.Entry(eventId, "order-" + eventId, Instant.now(), attributes, List.of(),
				new LinkedHashMap<>(), new LinkedHashMap<>(), "standard", null, null, null, null);
	}

	private static Timeline.Entry fifo(String eventId, String group, Outcome outcome) {
		Map<String, Outcome> outcomes = new LinkedHashMap<>();
		outcomes.put("order-fulfilment.fifo", outcome);
		return new Timeline.Entry(eventId, "order-" + eventId, Instant.now(), Map.of(),
				List.of("order-fulfilment.fifo"), outcomes, new LinkedHashMap<>(), "fifo", group, "1", null, null);
	}

	private static Timeline.Entry entry(String eventId, Outcome outcome) {
		Map<String, Outcome> outcomes = new LinkedHashMap<>();
		outcomes.put("order-fulfilment", outcome);
		outcomes.put("order-notifications", outcome);
		return new Timeline.Entry(eventId, "order-" + eventId, Instant.now(), Map.of(),
				List.of("order-fulfilment", "order-notifications"), outcomes, new LinkedHashMap<>(), "standard", null,
				null, null, null);
	}

}
