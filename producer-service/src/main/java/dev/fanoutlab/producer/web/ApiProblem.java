package dev.fanoutlab.producer.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * RFC 9457 problem details of the producer's API, each with a type under
 * {@code https://fanoutlab.dev/problems/}. An exception that carries one (a Spring
 * {@link org.springframework.web.ErrorResponseException}) is answered with it as
 * {@code application/problem+json}.
 */
public final class ApiProblem {

	private static final String TYPES = "https://fanoutlab.dev/problems/";

	private ApiProblem() {
	}

	/**
	 * A problem of the producer's API.
	 * @param status the HTTP status
	 * @param type the last segment of the type URI, such as {@code payload-too-large}
	 * @param title the title, the same for every problem of this type
	 * @param detail what happened to this request
	 * @return the problem
	 */
	public static ProblemDetail of(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPES + type));
		problem.setTitle(title);
		return problem;
	}

}
