package dev.fanoutlab.console.webhook;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Which {@code SubscribeURL} of a {@code SubscriptionConfirmation} the webhook accepts:
 * on AWS only SNS's own ({@code https://sns.<region>.amazonaws.com/...}); against an
 * emulator only the emulator's endpoint (and names configured for it). A confirmation
 * naming any other host was not sent by the SNS this console talks to, and is refused
 * without a call. The webhook confirms with the SDK ({@code ConfirmSubscription}) on its
 * configured SNS endpoint, never by fetching the URL.
 *
 * @param schemes the accepted schemes
 * @param authorities the accepted {@code host:port}, lower case, port explicit
 */
record SubscribeUrlPolicy(Set<String> schemes, Set<String> authorities) {

	/**
	 * SNS's own URLs in a region.
	 * @param region the region, such as {@code us-east-1}
	 * @return the policy
	 */
	static SubscribeUrlPolicy aws(String region) {
		return new SubscribeUrlPolicy(Set.of("https"), Set.of("sns." + region + ".amazonaws.com:443"));
	}

	/**
	 * An emulator's URLs.
	 * @param endpoint the emulator's SNS endpoint
	 * @param otherHosts further {@code host:port} names the emulator uses in its URLs
	 * @return the policy
	 */
	static SubscribeUrlPolicy emulator(URI endpoint, List<String> otherHosts) {
		Set<String> authorities = new HashSet<>();
		authorities.add(authority(endpoint));
		otherHosts.stream()
			.map(String::trim)
			.filter((host) -> !host.isEmpty())
			.map((host) -> authority(URI.create("http://" + host)))
			.forEach(authorities::add);
		return new SubscribeUrlPolicy(Set.of("http", "https"), Set.copyOf(authorities));
	}

	/**
	 * Whether a confirmation's {@code SubscribeURL} is one SNS sent.
	 * @param subscribeUrl the URL, or {@code null}
	 * @return {@code true} if its scheme and {@code host:port} are accepted
	 */
	boolean accepts(@Nullable String subscribeUrl) {
		if (subscribeUrl == null) {
			return false;
		}
		try {
			URI uri = URI.create(subscribeUrl);
			return uri.getScheme() != null && uri.getHost() != null && uri.getUserInfo() == null
					&& this.schemes.contains(uri.getScheme().toLowerCase(Locale.ROOT))
					&& this.authorities.contains(authority(uri));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static String authority(URI uri) {
		int port = uri.getPort();
		if (port == -1) {
			port = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
		}
		return String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT) + ":" + port;
	}

}
