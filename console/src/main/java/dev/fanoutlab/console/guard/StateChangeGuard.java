package dev.fanoutlab.console.guard;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.fanoutlab.console.ConsoleProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets only the console's own page (or a deliberate client such as {@code curl}) change
 * state. Every request other than {@code GET}, {@code HEAD} and {@code OPTIONS}, on any
 * path but the order webhook's (see {@link #shouldNotFilter}):
 * <ol>
 * <li>when no access token is configured, has a {@code Host} header naming
 * {@code localhost}, {@code 127.0.0.1}, {@code [::1]} or one of
 * {@link ConsoleProperties#allowedHosts()} (any port), else 403: a page on a foreign name
 * whose DNS answer was rebound to the console's address sends its own name as
 * {@code Host}, and its own origin, so the origin check alone would let it through;</li>
 * <li>with an {@code Origin} header, comes from the console's own origin (scheme, host
 * and port of the request itself), else 403;</li>
 * <li>has {@code Content-Type: application/json}, else 415: a cross-site HTML form can
 * only send {@code application/x-www-form-urlencoded}, {@code multipart/form-data} or
 * {@code text/plain}, and a cross-site script cannot set {@code application/json} without
 * a CORS preflight, which the console never grants;</li>
 * <li>when an access token is configured ({@code CONSOLE_ACCESS_TOKEN}), carries it as
 * {@code Authorization: Bearer <token>}, else 401.</li>
 * </ol>
 * Refusals are {@code application/problem+json}; nothing is changed. Reads (the live
 * view, peeking into a DLQ) need none of this.
 */
@Component
class StateChangeGuard extends OncePerRequestFilter {

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

	private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

	private final byte @Nullable [] accessToken;

	private final Set<String> allowedHosts = new HashSet<>(LOOPBACK_HOSTS);

	private final JsonMapper json;

	StateChangeGuard(ConsoleProperties properties, JsonMapper json) {
		this.accessToken = StringUtils.hasText(properties.accessToken())
				? properties.accessToken().getBytes(StandardCharsets.UTF_8) : null;
		if (properties.allowedHosts() != null) {
			properties.allowedHosts()
				.stream()
				.filter(StringUtils::hasText)
				.map((host) -> host.trim().toLowerCase(Locale.ROOT))
				.forEach(this.allowedHosts::add);
		}
		this.json = json;
	}

	/**
	 * The order webhook ({@code /webhooks/...}) is not a change made from a browser: SNS
	 * calls it, with {@code text/plain}, its own {@code Host} and no token. It vouches
	 * for itself instead: on AWS every message's SNS signature is verified, and only the
	 * console's topic is taken (see {@code OrderWebhook}). Against the emulator,
	 * signatures are not verified, so anyone who can reach the console can add a row to
	 * the webhook's panel, and nothing else.
	 */
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return request.getRequestURI().startsWith("/webhooks/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (SAFE_METHODS.contains(request.getMethod())) {
			chain.doFilter(request, response);
			return;
		}
		String host = request.getHeader(HttpHeaders.HOST);
		if (this.accessToken == null && !this.allowedHosts.contains(hostName(host))) {
			refuse(request, response, HttpStatus.FORBIDDEN, "Foreign host",
					"Without an access token the console accepts changes only when reached as localhost, "
							+ "127.0.0.1, [::1] or a name in CONSOLE_ALLOWED_HOSTS, not as " + host);
			return;
		}
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		if (origin != null && !isOwnOrigin(origin, request)) {
			refuse(request, response, HttpStatus.FORBIDDEN, "Foreign origin",
					"The console accepts changes only from its own page, not from " + origin);
			return;
		}
		if (!isJson(request.getContentType())) {
			refuse(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "JSON required",
					"Changes need Content-Type: application/json; send {} when there is nothing to say");
			return;
		}
		if (this.accessToken != null && !hasToken(request.getHeader(HttpHeaders.AUTHORIZATION))) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"console\"");
			refuse(request, response, HttpStatus.UNAUTHORIZED, "Access token required",
					"This console has an access token (CONSOLE_ACCESS_TOKEN): send it as Authorization: Bearer <token>");
			return;
		}
		chain.doFilter(request, response);
	}

	private static boolean isOwnOrigin(String origin, HttpServletRequest request) {
		try {
			URI uri = URI.create(origin);
			if (uri.getScheme() == null || uri.getHost() == null) {
				return false; // "null": a sandboxed frame, a file, a redirect across
								// origins
			}
			int port = (uri.getPort() != -1) ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
			return uri.getScheme().equalsIgnoreCase(request.getScheme())
					&& uri.getHost().equalsIgnoreCase(request.getServerName()) && port == request.getServerPort();
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/**
	 * The name in a {@code Host} header, lower case, without port or trailing dot; an
	 * IPv6 address keeps its brackets. Empty when there is none.
	 */
	static String hostName(@Nullable String host) {
		if (host == null) {
			return "";
		}
		String name = host.trim().toLowerCase(Locale.ROOT);
		int end = name.startsWith("[") ? name.indexOf(']') + 1 : name.indexOf(':');
		if (end > 0) {
			name = name.substring(0, end);
		}
		return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
	}

	private static boolean isJson(@Nullable String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return type.getType().equals("application") && type.getSubtype().equals("json");
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private boolean hasToken(@Nullable String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return false;
		}
		byte[] presented = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
		return MessageDigest.isEqual(presented, this.accessToken);
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String title,
			String detail) throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", title);
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", request.getRequestURI());
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(this.json.writeValueAsBytes(problem)); // JSON is
																				// UTF-8
	}

}
