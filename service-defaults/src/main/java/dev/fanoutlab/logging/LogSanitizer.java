package dev.fanoutlab.logging;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Makes untrusted text safe to log, in every service. Message bodies, request data, and
 * exception messages that quote them (an AWS error quoting a request, a parse error
 * quoting a body) are written by whoever sent them: raw, a CR or LF in them forges log
 * lines, a large body floods the log, and a customer's email address is personal data.
 * <ul>
 * <li>{@link #sanitize(CharSequence, int)} escapes line breaks and other control
 * characters ({@code \r}, {@code \n}, {@code \t}, {@code \\uXXXX}, including the Unicode
 * line and paragraph separators), replaces email addresses with {@value #REDACTED_EMAIL},
 * and truncates;</li>
 * <li>{@link #correlationId(String)} admits a correlation id only in the form the
 * producer accepts from its callers.</li>
 * </ul>
 */
public final class LogSanitizer {

	/** What an email address is replaced with. */
	public static final String REDACTED_EMAIL = "[email]";

	/** The longest excerpt of a message body that may be logged. */
	public static final int MAX_EXCERPT = 200;

	private static final Pattern EMAIL = Pattern.compile("[^\\s@\"'<>(),;:\\[\\]\\\\]+@[^\\s@\"'<>(),;:\\[\\]\\\\]+");

	/** The producer's form of a correlation id ({@code X-Correlation-Id}). */
	private static final Pattern CORRELATION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

	private LogSanitizer() {
	}

	/**
	 * Text safe for one log line.
	 * @param text untrusted text, may be {@code null}
	 * @param maxLength the most characters of {@code text} to keep; the rest is replaced
	 * by a count
	 * @return the escaped, redacted and truncated text, {@code "null"} for {@code null}
	 */
	public static String sanitize(@Nullable CharSequence text, int maxLength) {
		if (text == null) {
			return "null";
		}
		int length = text.length();
		// Redact before truncating, so that a cut address is never half shown; bounded
		// by a generous multiple of the excerpt, so a huge body costs no regex time.
		String kept = text.subSequence(0, Math.min(length, Math.max(maxLength, 0) * 4 + 256)).toString();
		kept = EMAIL.matcher(kept).replaceAll(REDACTED_EMAIL);
		boolean truncated = length > maxLength || kept.length() > maxLength;
		if (kept.length() > maxLength) {
			kept = kept.substring(0, Math.max(maxLength, 0));
		}
		StringBuilder safe = new StringBuilder(escape(kept));
		if (truncated) {
			safe.append("...(").append(length).append(" chars)");
		}
		return safe.toString();
	}

	/**
	 * Escape line breaks and other control characters ({@code \r}, {@code \n},
	 * {@code \t}, {@code \\}, {@code \\uXXXX}, including the Unicode line and paragraph
	 * separators), so that the text stays on one log line. Nothing is redacted or cut.
	 * @param text the text
	 * @return the escaped text
	 */
	public static String escape(CharSequence text) {
		StringBuilder safe = new StringBuilder(text.length() + 32);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '\r' -> safe.append("\\r");
				case '\n' -> safe.append("\\n");
				case '\t' -> safe.append("\\t");
				case '\\' -> safe.append("\\\\");
				default -> {
					if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085'
							|| Character.getType(c) == Character.FORMAT) {
						safe.append(String.format("\\u%04x", (int) c));
					}
					else {
						safe.append(c);
					}
				}
			}
		}
		return safe.toString();
	}

	/**
	 * A correlation id read from a message, if it has the form the producer accepts.
	 * @param candidate the id from a message attribute or body, may be {@code null}
	 * @return the id, or {@code null} if absent or not of the form
	 * {@code [A-Za-z0-9._:-]{1,128}}, so it never reaches the logs
	 */
	public static @Nullable String correlationId(@Nullable String candidate) {
		return (candidate != null && CORRELATION_ID.matcher(candidate).matches()) ? candidate : null;
	}

}
