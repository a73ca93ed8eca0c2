package dev.fanoutlab.producer.web;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.fanoutlab.logging.LogSanitizer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import tools.jackson.core.JacksonException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as RFC 9457 {@code application/problem+json}. Validation problems list each
 * invalid field under {@code errors}, as {@code {"field": ..., "message": ...}}. A
 * feature's own failures are {@link org.springframework.web.ErrorResponseException}s that
 * carry their problem (status, type, headers such as {@code Retry-After}); Spring MVC's
 * base class answers them as they are.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> error(error.getField(), error.getDefaultMessage()))
			.sorted(Comparator.comparing((Map<String, String> error) -> error.get("field")))
			.toList();
		return invalid(errors, request);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> (result instanceof ParameterErrors body)
					? body.getFieldErrors().stream().map((error) -> error(error.getField(), error.getDefaultMessage()))
					: result.getResolvableErrors()
						.stream()
						.map((error) -> error(name(result), error.getDefaultMessage())))
			.sorted(Comparator.comparing((Map<String, String> error) -> error.get("field")))
			.toList();
		return invalid(errors, request);
	}

	private static Map<String, String> error(String field, @Nullable String message) {
		return Map.of("field", field, "message", String.valueOf(message));
	}

	private static String name(ParameterValidationResult result) {
		var header = result.getMethodParameter().getParameterAnnotation(RequestHeader.class);
		return (header != null) ? header.name() : result.getMethodParameter().getParameterName();
	}

	private ResponseEntity<Object> invalid(List<Map<String, String>> errors, WebRequest request) {
		ProblemDetail problem = ApiProblem.of(HttpStatus.BAD_REQUEST, "invalid-order", "Invalid order",
				errors.stream().map((error) -> error.get("field")).collect(Collectors.joining(", ", "Invalid: ", "")));
		problem.setProperty("errors", errors);
		return handleExceptionInternal(new IllegalArgumentException(), problem, new HttpHeaders(),
				HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Throwable cause = ex.getMostSpecificCause();
		if (cause instanceof RequestSizeLimitFilter.PayloadTooLargeException tooLarge) {
			return payloadTooLarge(tooLarge, request);
		}
		ProblemDetail problem = ApiProblem.of(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON",
				"The request body is not a valid order document");
		if (ex.getCause() instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
			String field = field(jackson);
			problem.setDetail("The value of '" + field + "' has the wrong type or format");
			problem.setProperty("errors", List.of(Map.of("field", field, "message", "has the wrong type or format")));
		}
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	/**
	 * The JSON path of a Jackson error as a bean path, such as {@code items[0].quantity}.
	 */
	private static String field(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	@ExceptionHandler
	ResponseEntity<Object> payloadTooLarge(RequestSizeLimitFilter.PayloadTooLargeException ex, WebRequest request) {
		return handleExceptionInternal(ex,
				ApiProblem.of(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Payload too large", ex.getMessage()),
				new HttpHeaders(), HttpStatus.CONTENT_TOO_LARGE, request);
	}

	/**
	 * 503: an AWS call before the publish failed (the idempotency key's claim in
	 * DynamoDB), so nothing was published.
	 */
	@ExceptionHandler
	ResponseEntity<Object> backendUnavailable(SdkException ex, WebRequest request) {
		log.warn("AWS backend unavailable: {}", LogSanitizer.sanitize(ex.getMessage(), 500));
		return unavailable(ex,
				ApiProblem.of(HttpStatus.SERVICE_UNAVAILABLE, "backend-unavailable", "Backend unavailable",
						"The order was not accepted because an AWS service is unavailable; nothing was published. "
								+ "Retry later, with the same Idempotency-Key if you sent one."),
				request);
	}

	/** 503 with Retry-After: a retry may succeed. */
	private ResponseEntity<Object> unavailable(Exception ex, ProblemDetail problem, WebRequest request) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, "5");
		return handleExceptionInternal(ex, problem, headers, HttpStatus.SERVICE_UNAVAILABLE, request);
	}

}
