package dev.fanoutlab.consumer.fulfilment;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/orders/{orderId}}: the fulfilment record, or 404 problem+json until the
 * order was fulfilled.
 */
@RestController
@RequestMapping("/api/orders")
class FulfilmentController {

	private final Fulfilment fulfilment;

	FulfilmentController(Fulfilment fulfilment) {
		this.fulfilment = fulfilment;
	}

	@GetMapping("/{orderId}")
	ResponseEntity<?> get(@PathVariable UUID orderId) {
		return this.fulfilment.find(orderId)
			.<ResponseEntity<?>>map(ResponseEntity::ok)
			.orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(notFound(orderId)));
	}

	private static ProblemDetail notFound(UUID orderId) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"Order " + orderId + " has not been fulfilled (yet)");
		problem.setTitle("Not fulfilled");
		return problem;
	}

}
