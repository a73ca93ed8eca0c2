package dev.fanoutlab.producer.orders;

import dev.fanoutlab.producer.web.ApiProblem;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The event with its message attributes would not fit in one SNS message (256 KiB by
 * default on a topic); it was refused before any call to SNS, so nothing was published
 * (413).
 */
class MessageTooLargeException extends ErrorResponseException {

	MessageTooLargeException(String detail) {
		super(HttpStatus.CONTENT_TOO_LARGE,
				ApiProblem.of(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Payload too large", detail), null);
	}

}
