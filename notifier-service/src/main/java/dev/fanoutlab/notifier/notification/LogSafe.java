package dev.fanoutlab.notifier.notification;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.fanoutlab.logging.LogSanitizer;
import org.jspecify.annotations.Nullable;

/**
 * Makes text from messages and SMTP servers safe to log: customer email addresses are
 * redacted to their first character and domain ({@code a***@example.com}), line breaks
 * and other control characters are escaped (so a message cannot forge log lines), and
 * long text is truncated.
 */
final class LogSafe {

	private static final int MAX_LENGTH = 500;

	private static final Pattern EMAIL = Pattern.compile("([^\\s<>(),;:\"@\\[\\]])[^\\s<>(),;:\"@\\[\\]]*@");

	private LogSafe() {
	}

	/**
	 * An email address as it may be logged.
	 * @param address the address, possibly malformed
	 * @return the first character, {@code ***} and the domain, escaped
	 */
	static String email(@Nullable String address) {
		if (address == null) {
			return "null";
		}
		int at = address.lastIndexOf('@');
		return escape((at < 1) ? "***" : address.charAt(0) + "***" + address.substring(at));
	}

	/**
	 * Free text, such as an exception message, as it may be logged.
	 * @param text the text
	 * @return the text with every email address redacted, control characters escaped,
	 * truncated
	 */
	static String text(@Nullable String text) {
		if (text == null) {
			return "null";
		}
		Matcher emails = EMAIL.matcher(text);
		String redacted = emails.replaceAll((match) -> Matcher.quoteReplacement(match.group(1) + "***@"));
		String escaped = escape(redacted);
		return (escaped.length() > MAX_LENGTH) ? escaped.substring(0, MAX_LENGTH) + "…" : escaped;
	}

	private static String escape(String text) {
		return LogSanitizer.escape(text);
	}

}
