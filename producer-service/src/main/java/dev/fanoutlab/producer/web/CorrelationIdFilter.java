package dev.fanoutlab.producer.web;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Takes the caller's {@code X-Correlation-Id}, or makes one, and carries it through the
 * logs (MDC), the response header and the published event.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CorrelationIdFilter extends OncePerRequestFilter {

	/** The request attribute that holds the correlation id. */
	public static final String ATTRIBUTE = "fanoutlab.correlationId";

	static final String HEADER = "X-Correlation-Id";

	private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String given = request.getHeader(HEADER);
		String correlationId = (given != null && VALID.matcher(given).matches()) ? given : UUID.randomUUID().toString();
		request.setAttribute(ATTRIBUTE, correlationId);
		response.setHeader(HEADER, correlationId);
		try (MDC.MDCCloseable ignored = MDC.putCloseable("correlationId", correlationId)) {
			chain.doFilter(request, response);
		}
	}

}
