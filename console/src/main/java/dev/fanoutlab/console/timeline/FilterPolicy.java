package dev.fanoutlab.console.timeline;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Evaluates SNS filter policies on message attributes, for the console to show which
 * subscribers an event reached. Supports what Fanout Lab uses: exact string matches, all
 * keys required. SNS itself supports more (prefix, numeric, anything-but, exists, …).
 */
final class FilterPolicy {

	private FilterPolicy() {
	}

	/**
	 * Whether a subscription with this filter policy receives a message.
	 * @param json the mapper
	 * @param policy the subscription's filter policy, or {@code null} (no filter)
	 * @param attributes the message's String attributes
	 * @return {@code true} if every key of the policy names an attribute whose value is
	 * one of the strings the key allows
	 */
	static boolean matches(JsonMapper json, @Nullable String policy, Map<String, String> attributes) {
		if (policy == null || policy.isBlank()) {
			return true;
		}
		JsonNode root = json.readTree(policy);
		for (Map.Entry<String, JsonNode> condition : root.properties()) {
			String value = attributes.get(condition.getKey());
			boolean any = false;
			for (JsonNode allowed : condition.getValue()) {
				any |= allowed.isString() && allowed.asString().equals(value);
			}
			if (!any) {
				return false;
			}
		}
		return true;
	}

}
