package dev.fanoutlab.producer.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Refuses request bodies over 10 MiB before they are read: by {@code Content-Length} when
 * given, else while streaming (chunked bodies). Bulk orders of up to 10,000 lines fit; an
 * event over SNS's 256 KiB travels by claim check (S3), so SNS no longer bounds the
 * request.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestSizeLimitFilter extends OncePerRequestFilter {

	static final DataSize LIMIT = DataSize.ofMegabytes(10);

	private final HandlerExceptionResolver problems;

	/**
	 * A filter that hands its refusal to Spring MVC's exception resolvers, so
	 * {@link ProblemHandler} answers it as it answers a body found too large while
	 * streaming.
	 * @param problems the resolvers of Spring MVC
	 */
	RequestSizeLimitFilter(@Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > LIMIT.toBytes()) {
			// Filters run outside Spring MVC's exception handling: hand the refusal to
			// it.
			this.problems.resolveException(request, response, null, new PayloadTooLargeException(LIMIT));
			return;
		}
		chain.doFilter(new LimitedRequest(request), response);
	}

	/** The request body is larger than the limit (413). */
	static class PayloadTooLargeException extends RuntimeException {

		PayloadTooLargeException(DataSize limit) {
			super("The request body exceeds " + limit.toMegabytes() + " MiB");
		}

	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private @Nullable ServletInputStream stream;

		LimitedRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedInputStream(super.getInputStream());
			}
			return this.stream;
		}

	}

	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private long read;

		LimitedInputStream(ServletInputStream delegate) {
			this.delegate = delegate;
		}

		@Override
		public int read() throws IOException {
			int next = this.delegate.read();
			if (next != -1) {
				count(1);
			}
			return next;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int count = this.delegate.read(buffer, offset, length);
			if (count > 0) {
				count(count);
			}
			return count;
		}

		private void count(int bytes) {
			this.read += bytes;
			if (this.read > LIMIT.toBytes()) {
				throw new PayloadTooLargeException(LIMIT);
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
