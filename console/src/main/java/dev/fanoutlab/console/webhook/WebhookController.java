package dev.fanoutlab.console.webhook;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The order webhook's HTTP side: {@code POST /webhooks/orders} is what SNS calls (any
 * content type: SNS sends {@code text/plain}); {@code GET /api/webhook} shows it and
 * {@code POST /api/webhook} {@code {"available": false}} simulates the partner's outage.
 * Refusals are {@code application/problem+json}.
 */
@RestController
class WebhookController {

	private final OrderWebhook webhook;

	WebhookController(OrderWebhook webhook) {
		this.webhook = webhook;
	}

	@PostMapping(path = "/webhooks/orders", consumes = MediaType.ALL_VALUE)
	ResponseEntity<?> receive(@RequestBody String body) {
		OrderWebhook.Received received = this.webhook.receive(body);
		return switch (received) {
			case PUSHED, DUPLICATE, CONFIRMED, UNSUBSCRIBE_NOTED ->
				ResponseEntity.ok(new Answer(received.name().toLowerCase(Locale.ROOT)));
			case UNAVAILABLE -> problem(HttpStatus.SERVICE_UNAVAILABLE, "Webhook unavailable",
					"The order webhook is down (the console's outage switch); SNS retries per its delivery policy");
			case CONFIRMATION_FAILED -> problem(HttpStatus.BAD_GATEWAY, "Not confirmed",
					"SNS did not confirm the subscription with this token; a new subscription sends a new one");
			case MALFORMED -> problem(HttpStatus.BAD_REQUEST, "Not an SNS message",
					"Expected an SNS message: JSON with Type, TopicArn and MessageId");
			case SIGNATURE_INVALID -> problem(HttpStatus.FORBIDDEN, "Signature does not verify",
					"The SNS signature of this message does not verify");
			case FOREIGN_TOPIC -> problem(HttpStatus.FORBIDDEN, "Foreign topic",
					"This webhook takes messages of the console's topic only");
			case FOREIGN_SUBSCRIBE_URL -> problem(HttpStatus.FORBIDDEN, "Foreign SubscribeURL",
					"The SubscribeURL is not SNS's own: the subscription is not confirmed");
			case PAYLOAD_MISSING -> problem(HttpStatus.BAD_REQUEST, "Claim-checked payload missing",
					"The message is a claim check whose event is not in the payload bucket; retrying cannot help");
			case PAYLOAD_UNAVAILABLE -> problem(HttpStatus.SERVICE_UNAVAILABLE, "Claim-checked payload unavailable",
					"S3 did not deliver the claim-checked event now; SNS retries per its delivery policy");
		};
	}

	@GetMapping("/api/webhook")
	OrderWebhook.View view() {
		return this.webhook.view();
	}

	@PostMapping("/api/webhook")
	OrderWebhook.View change(@RequestBody Availability change) {
		if (change.available() == null) {
			throw new IllegalArgumentException("Say {\"available\": true} or {\"available\": false}");
		}
		this.webhook.available(change.available());
		return this.webhook.view();
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/**
	 * The outage switch.
	 *
	 * @param available {@code false} to answer every notification 503
	 */
	record Availability(@Nullable Boolean available) {

	}

	/**
	 * What SNS is answered on success.
	 *
	 * @param outcome {@code pushed}, {@code duplicate}, {@code confirmed} or
	 * {@code unsubscribe_noted}
	 */
	record Answer(String outcome) {

	}

}
