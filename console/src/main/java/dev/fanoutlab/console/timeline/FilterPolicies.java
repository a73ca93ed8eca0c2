package dev.fanoutlab.console.timeline;

import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Evaluates SNS filter policies on message attributes, for the console to show which
 * subscribers an event reached. Supports what Fanout Lab uses: exact string matches, all
 * keys required. SNS itself supports more (prefix, numeric, anything-but, exists, …).
 */
final class FilterPolicies {

	private FilterPolicies() {
	}

	static boolean matches(JsonMapper json, String policy, Map<String, String> attributes) {
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
