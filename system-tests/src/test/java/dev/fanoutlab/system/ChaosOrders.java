package dev.fanoutlab.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The client of a chaos run: places orders at a steady rate, each with its own
 * {@code Idempotency-Key} and a marker (its correlation id, and the local part of its
 * customer's address) that attributes every effect to it. A 503, a 409 or a failed
 * connection is retried with the same key and the same body, after {@code Retry-After}, a
 * bounded number of times.
 */
final class ChaosOrders {

	static final String DOMAIN = "example.com";

	private static final int MAX_ATTEMPTS = 40;

	private static final Duration ORDER_DEADLINE = Duration.ofSeconds(180);

	private final ChaosSettings settings;

	private final URI endpoint;

	private final String run;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final JsonMapper json = JsonMapper.builder().build();

	private final List<Order> orders = new ArrayList<>();

	final AtomicInteger unavailable = new AtomicInteger();

	final AtomicInteger conflicts = new AtomicInteger();

	final AtomicInteger connectionFailures = new AtomicInteger();

	final AtomicInteger otherStatuses = new AtomicInteger();

	final AtomicInteger retries = new AtomicInteger();

	/** Every request sent, in no particular order. */
	final Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();

	ChaosOrders(ChaosSettings settings, URI producer, String run) {
		this.settings = settings;
		this.endpoint = producer.resolve("/api/orders");
		this.run = run;
		for (int index = 0; index < settings.orders(); index++) {
			this.orders.add(new Order(index, run + "-" + index, settings.poison(index), settings.notifies(index)));
		}
	}

	long accepted() {
		return this.orders.stream().filter(Order::accepted).count();
	}

	List<Order> orders() {
		return this.orders;
	}

	/**
	 * Place every order, order {@code i} at {@code i / rate} seconds, and return when
	 * each was accepted or given up on.
	 * @param onProgress called about every 10 % of the orders placed
	 */
	void placeAll(Runnable onProgress) throws InterruptedException {
		// A thread per order in flight, so that a slow producer does not delay the next
		// order; past 512 in flight the scheduler itself places the order (and slows
		// down).
		ExecutorService pool = new ThreadPoolExecutor(0, 512, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
				new ThreadPoolExecutor.CallerRunsPolicy());
		try {
			long start = System.nanoTime();
			long interval = (long) (1_000_000_000L / this.settings.rate());
			int step = Math.max(1, this.orders.size() / 10);
			for (Order order : this.orders) {
				long due = start + order.index * interval;
				for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
					LockSupport.parkNanos(wait);
				}
				pool.execute(() -> place(order));
				if (order.index % step == step - 1) {
					onProgress.run();
				}
			}
		}
		finally {
			pool.shutdown();
			// Each order ends within its deadline, plus one request timeout and one
			// pause.
			if (!pool.awaitTermination(ORDER_DEADLINE.toSeconds() + 60, TimeUnit.SECONDS)) {
				pool.shutdownNow();
			}
		}
	}

	private void place(Order order) {
		String body = body(order);
		long deadline = System.nanoTime() + ORDER_DEADLINE.toNanos();
		for (int attempt = 1; attempt <= MAX_ATTEMPTS && System.nanoTime() < deadline; attempt++) {
			order.attempts = attempt;
			if (attempt > 1) {
				this.retries.incrementAndGet();
			}
			Duration pause;
			long sent = System.nanoTime();
			try {
				HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(this.endpoint)
					.timeout(Duration.ofSeconds(30))
					.header("Content-Type", "application/json")
					.header("Idempotency-Key", order.marker)
					.header("X-Correlation-Id", order.marker)
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(), HttpResponse.BodyHandlers.ofString());
				int status = response.statusCode();
				this.attempts.add(new Attempt(sent, status));
				if (status == 202) {
					JsonNode accepted = this.json.readTree(response.body());
					order.orderId = accepted.get("orderId").asString();
					order.eventId = accepted.get("eventId").asString();
					order.outcome = "accepted";
					return;
				}
				if (status == 503) {
					this.unavailable.incrementAndGet();
				}
				else if (status == 409) {
					this.conflicts.incrementAndGet();
				}
				else if (status >= 400 && status < 500) {
					// Refused for good: the driver sends only valid orders, so this is a
					// finding.
					order.outcome = "refused " + status + " " + response.body();
					return;
				}
				else {
					this.otherStatuses.incrementAndGet();
				}
				order.outcome = "last answer " + status;
				pause = retryAfter(response);
			}
			catch (IOException ex) {
				this.attempts.add(new Attempt(sent, 0));
				this.connectionFailures.incrementAndGet();
				order.outcome = "last attempt failed: " + ex;
				pause = Duration.ofSeconds(1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				order.outcome = "interrupted";
				return;
			}
			LockSupport.parkNanos(pause.toNanos());
		}
	}

	/** {@code Retry-After} in seconds, kept within 1 to 10 s. */
	private static Duration retryAfter(HttpResponse<?> response) {
		try {
			long seconds = Long.parseLong(response.headers().firstValue("Retry-After").orElse("1").trim());
			return Duration.ofSeconds(Math.max(1, Math.min(10, seconds)));
		}
		catch (NumberFormatException ex) {
			return Duration.ofSeconds(1);
		}
	}

	private static String body(Order order) {
		String sku = order.poison ? "UNICORN-1" : "BOOK-42";
		return "{\"customerEmail\":\"" + order.recipient() + "\",\"notifyCustomer\":" + order.notifies
				+ ",\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":" + (1 + order.index % 3)
				+ ",\"unitPrice\":12.50}]}";
	}

	/**
	 * One request of the run.
	 *
	 * @param sentNanos {@link System#nanoTime()} just before it was sent
	 * @param status the HTTP status of its answer, 0 when it got none
	 */
	record Attempt(long sentNanos, int status) {

	}

	/**
	 * One order of the run; written by the thread placing it, read after all are done.
	 */
	static final class Order {

		final int index;

		final String marker;

		final boolean poison;

		final boolean notifies;

		volatile int attempts;

		volatile String orderId;

		volatile String eventId;

		volatile String outcome = "not placed";

		Order(int index, String marker, boolean poison, boolean notifies) {
			this.index = index;
			this.marker = marker;
			this.poison = poison;
			this.notifies = notifies;
		}

		boolean accepted() {
			return this.orderId != null;
		}

		String recipient() {
			return this.marker + "@" + DOMAIN;
		}

	}

}
