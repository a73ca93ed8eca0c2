package dev.fanoutlab.producer.orders;

import dev.fanoutlab.producer.web.CorrelationIdFilter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/orders}: 202 once SNS accepted the {@code OrderPlaced} event (an event
 * over SNS's 256 KiB by claim check, see {@link SnsOrderPublisher}); 4xx problem+json for
 * bad input, 413 for a body over 10 MiB or an event over the largest published (nothing
 * published); 409 while another request holds the same {@code Idempotency-Key}; 503 with
 * {@code Retry-After} when SNS or DynamoDB fails or times out (see
 * {@link IdempotencyKeys} for what a retry with the same key publishes).
 */
@RestController
@RequestMapping("/api/orders")
class OrderController {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private final OrderPlacement placement;

	OrderController(OrderPlacement placement) {
		this.placement = placement;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<OrderAccepted> place(@Valid @RequestBody PlaceOrder order,
			@RequestHeader(name = IDEMPOTENCY_KEY, required = false) @Pattern(regexp = "[\\x21-\\x7E]{1,128}",
					message = "must be 1 to 128 printable ASCII characters") @Nullable String idempotencyKey,
			@RequestAttribute(CorrelationIdFilter.ATTRIBUTE) String correlationId) {
		OrderAccepted accepted = (idempotencyKey != null) ? this.placement.place(order, correlationId, idempotencyKey)
				: this.placement.place(order, correlationId);
		return ResponseEntity.accepted().body(accepted);
	}

}
