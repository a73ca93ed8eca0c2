package dev.fanoutlab.producer.web;

import org.jspecify.annotations.Nullable;

/**
 * Text from outside (request data, exception messages that quote it) made safe for one
 * log line: CR, LF, the Unicode line and paragraph separators and other control
 * characters are escaped, so input cannot forge log lines; long text is cut.
 * <p>
 * messaging-support's {@code LogSanitizer} does the same for the listening services. The
 * producer keeps its own copy on purpose: it publishes and never listens, and depending
 * on messaging-support would put the SQS listener stack (Spring Cloud AWS SQS, its
 * listener auto-configuration, the processing metrics) on its classpath for one 40-line
 * function. Should the function move to a module without dependencies, this class goes.
 */
public final class LogSafe {

	private static final int MAX = 500;

	private LogSafe() {
	}

	/**
	 * The text, safe for one log line.
	 * @param text text from outside, or {@code null}
	 * @return the text with line breaks and control characters escaped and cut at 500
	 * characters, or {@code null} for {@code null}
	 */
	public static @Nullable String escape(@Nullable String text) {
		if (text == null) {
			return null;
		}
		StringBuilder escaped = new StringBuilder(Math.min(text.length(), MAX) + 16);
		for (int i = 0; i < text.length() && escaped.length() < MAX; i++) {
			char c = text.charAt(i);
			switch (c) {
				case '\r' -> escaped.append("\\r");
				case '\n' -> escaped.append("\\n");
				default -> {
					if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085') {
						escaped.append(String.format("\\u%04x", (int) c));
					}
					else {
						escaped.append(c);
					}
				}
			}
		}
		if (escaped.length() >= MAX) {
			escaped.append("…");
		}
		return escaped.toString();
	}

}
