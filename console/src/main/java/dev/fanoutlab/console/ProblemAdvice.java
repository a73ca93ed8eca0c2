package dev.fanoutlab.console;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * What the console's API answers to a request it cannot carry out (an unknown service, a
 * source queue where a dead-letter queue is needed, an unconfirmed purge): 400
 * {@code application/problem+json}, and nothing changed.
 */
@RestControllerAdvice(basePackageClasses = ConsoleApplication.class)
class ProblemAdvice {

	@ExceptionHandler
	ProblemDetail badRequest(IllegalArgumentException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("Not possible");
		return problem;
	}

}
