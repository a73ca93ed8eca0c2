package dev.fanoutlab.producer.web;

/**
 * Text from outside (request data, exception messages that quote it) made safe for one
 * log line: CR, LF, the Unicode line and paragraph separators and other control
 * characters are escaped, so input cannot forge log lines; long text is cut.
 */
final class LogSafe {

	private static final int MAX = 500;

	private LogSafe() {
	}

	static String escape(String text) {
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
