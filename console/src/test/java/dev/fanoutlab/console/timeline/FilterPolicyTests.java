package dev.fanoutlab.console.timeline;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class FilterPolicyTests {

	private static final String NOTIFICATIONS = "{\"eventType\":[\"OrderPlaced\"],\"notifyCustomer\":[\"true\"]}";

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void aSubscriptionWithoutAFilterPolicyReceivesEverything() {
		assertThat(FilterPolicy.matches(this.json, null, Map.of())).isTrue();
		assertThat(FilterPolicy.matches(this.json, " ", Map.of("notifyCustomer", "false"))).isTrue();
	}

	@Test
	void matchesWhenEveryKeyHasOneOfItsAllowedValues() {
		assertThat(FilterPolicy.matches(this.json, NOTIFICATIONS,
				Map.of("eventType", "OrderPlaced", "notifyCustomer", "true", "correlationId", "lesson-7")))
			.isTrue();
		assertThat(FilterPolicy.matches(this.json, "{\"notifyCustomer\":[\"false\",\"true\"]}",
				Map.of("notifyCustomer", "false")))
			.isTrue();
	}

	@Test
	void keepsOutAnEventWhoseValueIsNotAllowed() {
		assertThat(FilterPolicy.matches(this.json, NOTIFICATIONS,
				Map.of("eventType", "OrderPlaced", "notifyCustomer", "false")))
			.isFalse();
	}

	@Test
	void keepsOutAnEventThatLacksAFilteredAttribute() {
		assertThat(FilterPolicy.matches(this.json, NOTIFICATIONS, Map.of("eventType", "OrderPlaced"))).isFalse();
	}

	@Test
	void comparesStringsExactlyNotNumbersOrCase() {
		assertThat(FilterPolicy.matches(this.json, "{\"notifyCustomer\":[\"True\"]}", Map.of("notifyCustomer", "true")))
			.isFalse();
		assertThat(FilterPolicy.matches(this.json, "{\"schemaVersion\":[1]}", Map.of("schemaVersion", "1"))).isFalse();
	}

}
