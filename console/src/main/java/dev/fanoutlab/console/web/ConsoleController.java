package dev.fanoutlab.console.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.fanoutlab.console.ConsoleProperties;
import dev.fanoutlab.console.queues.QueueOperations;
import dev.fanoutlab.console.services.ServiceStats;
import dev.fanoutlab.console.stream.SnapshotStream;
import dev.fanoutlab.console.timeline.OutcomeTracker;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The console's HTTP API: everything the page does is one of these calls (see the README,
 * "The console"). Every change is a JSON request ({@code {}} when it has nothing to say)
 * from the console's own origin, with the access token when one is configured: see
 * {@link StateChangeGuard}.
 */
@RestController
@RequestMapping("/api")
class ConsoleController {

	/**
	 * A SKU the warehouse does not stock: the order fails for good in consumer-service.
	 */
	static final String POISON_SKU = "UNICORN-1";

	private final SnapshotStream stream;

	private final QueueOperations queues;

	private final ServiceStats services;

	private final OutcomeTracker outcomes;

	private final ConsoleProperties properties;

	private final JsonMapper json;

	private final RestClient http;

	ConsoleController(SnapshotStream stream, QueueOperations queues, ServiceStats services, OutcomeTracker outcomes,
			ConsoleProperties properties, JsonMapper json, RestClient servicesClient) {
		this.http = servicesClient;
		this.stream = stream;
		this.queues = queues;
		this.services = services;
		this.outcomes = outcomes;
		this.properties = properties;
		this.json = json;
	}

	@GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter stream() {
		return this.stream.subscribe();
	}

	@GetMapping("/snapshot")
	SnapshotStream.Snapshot snapshot() {
		return this.stream.snapshot();
	}

	@PostMapping("/orders")
	List<JsonNode> placeOrders(@Valid @RequestBody Burst burst) {
		List<JsonNode> placed = new ArrayList<>();
		for (int i = 0; i < burst.countOrDefault(); i++) {
			placed.add(place(order("student" + (i + 1) + "@example.com", "BOOK-42", burst.notifyCustomerOrDefault())));
		}
		return placed;
	}

	@PostMapping("/poison")
	JsonNode poison(@RequestBody(required = false) Map<String, Object> none) {
		return place(order("poison@example.com", POISON_SKU, false));
	}

	@PostMapping("/services/{name}/listener")
	JsonNode changeListener(@PathVariable String name, @RequestBody Map<String, Object> change) {
		return this.services.changeListener(name, change);
	}

	@GetMapping("/queues/{name}/messages")
	List<QueueOperations.Peeked> peek(@PathVariable String name) {
		return this.queues.peek(name);
	}

	@PostMapping("/queues/{name}/redrive")
	QueueOperations.Redrive redrive(@PathVariable String name,
			@RequestBody(required = false) Map<String, Object> none) {
		Map<String, List<String>> moving = this.outcomes.deadLetters(name);
		QueueOperations.Redrive redrive = this.queues.redrive(name);
		this.outcomes.redriven(moving);
		return redrive;
	}

	@DeleteMapping("/queues/{name}/messages")
	ResponseEntity<Void> purge(@PathVariable String name, @RequestParam(required = false) String confirm) {
		if (!name.equals(confirm)) {
			throw new IllegalArgumentException(
					"Purging deletes every message of '" + name + "': repeat the queue name in ?confirm=" + name);
		}
		this.queues.purge(name);
		return ResponseEntity.noContent().build();
	}

	@ExceptionHandler
	ProblemDetail badRequest(IllegalArgumentException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("Not possible");
		return problem;
	}

	private JsonNode place(Map<String, Object> order) {
		String answer = this.http.post()
			.uri(this.properties.producer() + "/api/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.body(order)
			.retrieve()
			.body(String.class);
		return this.json.readTree(answer);
	}

	private static Map<String, Object> order(String email, String sku, boolean notify) {
		return Map.of("customerEmail", email, "notifyCustomer", notify, "items",
				List.of(Map.of("sku", sku, "quantity", 1, "unitPrice", 12.50)));
	}

	/**
	 * Orders to place at once.
	 *
	 * @param count 1 to 100, 1 when absent
	 * @param notifyCustomer whether the customers want an email, {@code true} when absent
	 */
	record Burst(@Min(1) @Max(100) Integer count, Boolean notifyCustomer) {

		int countOrDefault() {
			return (this.count != null) ? this.count : 1;
		}

		boolean notifyCustomerOrDefault() {
			return this.notifyCustomer == null || this.notifyCustomer;
		}

	}

}
