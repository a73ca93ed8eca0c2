package dev.fanoutlab.console.orders;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.fanoutlab.console.ConsoleProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * Places orders through producer-service's API, as a client would: one, a burst, or a
 * poison message (see the README, "The console").
 */
@RestController
@RequestMapping("/api")
class OrderController {

	/**
	 * A SKU the warehouse does not stock: the order fails for good in consumer-service.
	 */
	static final String POISON_SKU = "UNICORN-1";

	private final ConsoleProperties properties;

	private final JsonMapper json;

	private final RestClient http;

	OrderController(ConsoleProperties properties, JsonMapper json, RestClient servicesClient) {
		this.http = servicesClient;
		this.properties = properties;
		this.json = json;
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
	JsonNode poison(@RequestBody(required = false) @Nullable Map<String, Object> none) {
		return place(order("poison@example.com", POISON_SKU, false));
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
	record Burst(@Nullable @Min(1) @Max(100) Integer count, @Nullable Boolean notifyCustomer) {

		int countOrDefault() {
			return (this.count != null) ? this.count : 1;
		}

		boolean notifyCustomerOrDefault() {
			return this.notifyCustomer == null || this.notifyCustomer;
		}

	}

}
