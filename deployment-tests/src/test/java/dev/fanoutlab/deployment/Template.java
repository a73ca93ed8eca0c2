package dev.fanoutlab.deployment;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import static dev.fanoutlab.deployment.ComposeFileTests.list;
import static dev.fanoutlab.deployment.ComposeFileTests.map;

/**
 * A CloudFormation template, navigated by resource type and logical id.
 */
record Template(Map<String, Object> document) {

	static Template of(String relative) {
		return new Template(Repository.template(relative));
	}

	Map<String, Map<String, Object>> resources() {
		return map(this.document.get("Resources"));
	}

	/** Resources of a type, by logical id. */
	Map<String, Map<String, Object>> resources(String type) {
		Map<String, Map<String, Object>> found = new TreeMap<>();
		resources().forEach((id, resource) -> {
			if (type.equals(resource.get("Type"))) {
				found.put(id, properties(resource));
			}
		});
		return found;
	}

	Map<String, Object> properties(String logicalId) {
		return properties(Objects.requireNonNull(resources().get(logicalId), logicalId));
	}

	Map<String, Object> parameter(String name) {
		return map(map(this.document.get("Parameters")).get(name));
	}

	static Map<String, Object> properties(Map<String, Object> resource) {
		return map(resource.get("Properties"));
	}

	/** The logical id named by {@code !Ref Id} or {@code !GetAtt Id.Attribute}. */
	static String target(Object reference) {
		Map<String, Object> function = map(reference);
		if (function == null) {
			return null;
		}
		if (function.containsKey("Ref")) {
			return String.valueOf(function.get("Ref"));
		}
		if (function.containsKey("Fn::GetAtt")) {
			return String.valueOf(list(function.get("Fn::GetAtt")).get(0));
		}
		return null;
	}

	/** A value that may be a single item or a list, as IAM allows. */
	static List<Object> items(Object value) {
		return (value instanceof List<?> values) ? List.copyOf(values) : List.of(value);
	}

}
