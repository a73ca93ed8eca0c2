package dev.fanoutlab.console.timeline;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The trace id of a W3C {@code traceparent}
 * ({@code <version>-<trace id>-<parent id>-<flags>}, e.g.
 * {@code 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}), the message attribute
 * the services publish every event with (https://www.w3.org/TR/trace-context/). A message
 * published without it (the raw AWS CLI, boto3) starts a new trace at its reader.
 */
final class TraceParent {

	/** The message attribute that carries it. */
	static final String ATTRIBUTE = "traceparent";

	// Version 00 has exactly four fields; a later version may append more after a '-'.
	private static final Pattern FORMAT = Pattern
		.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");

	private TraceParent() {
	}

	/**
	 * The trace id of a {@code traceparent}.
	 * @param traceparent the attribute's value, may be {@code null}
	 * @return its 32 lowercase hex digits; {@code null} when absent or malformed: not
	 * four fields of 2, 32, 16 and 2 lowercase hex digits, version {@code ff}, extra
	 * fields on version {@code 00}, or an all-zero trace or parent id (invalid by the
	 * specification)
	 */
	static @Nullable String traceId(@Nullable String traceparent) {
		if (traceparent == null) {
			return null;
		}
		var matcher = FORMAT.matcher(traceparent.trim());
		if (!matcher.matches()) {
			return null;
		}
		String version = matcher.group(1);
		String traceId = matcher.group(2);
		if ("ff".equals(version) || ("00".equals(version) && matcher.group(5) != null)
				|| traceId.chars().allMatch((digit) -> digit == '0')
				|| matcher.group(3).chars().allMatch((digit) -> digit == '0')) {
			return null;
		}
		return traceId;
	}

}
