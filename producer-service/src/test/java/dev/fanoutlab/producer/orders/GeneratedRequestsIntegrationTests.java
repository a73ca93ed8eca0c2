package dev.fanoutlab.producer.orders;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.sns.SnsClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import static dev.fanoutlab.producer.orders.RequestGenerator.weight;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ten thousand requests generated from a fixed seed (printed; {@code -Dgenerated.seed}
 * and {@code -Dgenerated.requests} to vary them): valid orders, orders with one invalid
 * or odd field (edge numbers, {@code 1e999999999}, NaN-ish strings, CR/LF and the Unicode
 * line separators in fields), malformed bodies, bodies over the size limit sent with a
 * length and chunked, and odd headers. Whatever comes, the producer answers no 5xx, every
 * rejection is {@code application/problem+json}, what must be accepted is, what must be
 * rejected is, and exactly the accepted events were published (counted on a queue of the
 * tests' own), so a rejected request published nothing. No log line is forged from input.
 * <p>
 * SNS works throughout, so the SNS timeouts here are generous (a context of its own): on
 * a loaded machine one slow publish must not turn into a 503 counted as a failure. The
 * outage tests keep their short timeouts.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = {
		"fanout-lab.test.sns.api-call-timeout=" + GeneratedRequestsIntegrationTests.SNS_TIMEOUT,
		"fanout-lab.test.sns.api-call-attempt-timeout=" + GeneratedRequestsIntegrationTests.SNS_ATTEMPT_TIMEOUT })
class GeneratedRequestsIntegrationTests extends AbstractFaultInjectingIntegrationTests {

	static final String SNS_TIMEOUT = "PT15S";

	static final String SNS_ATTEMPT_TIMEOUT = "PT5S";

	@Autowired
	private SnsClient snsClient;

	static final int REQUESTS = Integer.getInteger("generated.requests", 10_000);

	static final long SEED = Long.getLong("generated.seed", 20261127L);

	/** The request body limit: 10 MiB. */
	static final int LIMIT = 10 * 1024 * 1024;

	/** What a generated request must get. */
	enum Expect {

		ACCEPTED, REJECTED, EITHER

	}

	/**
	 * One generated request.
	 *
	 * @param kind what it tries, for the report
	 * @param expect what it must get
	 * @param status the exact status it must get, if known
	 * @param body the body (padded with spaces up to {@code padTo} bytes when sent)
	 * @param padTo the size to pad the body to, 0 for none
	 * @param chunked whether the body is sent chunked, without a length
	 * @param headers the headers, Content-Type included, in order (names may repeat)
	 */
	record Probe(String kind, Expect expect, Integer status, byte[] body, int padTo, boolean chunked,
			List<String[]> headers) {

		Probe {
			headers = List.copyOf(headers);
		}

		static Probe json(String kind, Expect expect, Integer status, String body) {
			return new Probe(kind, expect, status, body.getBytes(StandardCharsets.UTF_8), 0, false,
					List.<String[]>of(new String[] { "Content-Type", "application/json" }));
		}

		Probe withHeader(String name, String value) {
			List<String[]> more = new ArrayList<>(this.headers);
			more.add(new String[] { name, value });
			return new Probe(this.kind, this.expect, this.status, this.body, this.padTo, this.chunked, more);
		}

		Probe withContentType(String contentType, String kind, Expect expect, Integer status) {
			List<String[]> others = new ArrayList<>(
					this.headers.stream().filter((h) -> !h[0].equals("Content-Type")).toList());
			if (contentType != null) {
				others.add(new String[] { "Content-Type", contentType });
			}
			return new Probe(kind, expect, status, this.body, this.padTo, this.chunked, others);
		}

		Probe as(String kind, Expect expect, Integer status) {
			return new Probe(kind, expect, status, this.body, this.padTo, this.chunked, this.headers);
		}

		Probe chunked(boolean chunked) {
			return new Probe(this.kind, this.expect, this.status, this.body, this.padTo, chunked, this.headers);
		}

		Probe paddedTo(int size) {
			return new Probe(this.kind, this.expect, this.status, this.body, size, this.chunked, this.headers);
		}

		byte[] bytes() {
			if (this.padTo <= this.body.length) {
				return this.body;
			}
			// spaces before the closing brace: still the same JSON document
			byte[] padded = new byte[this.padTo];
			Arrays.fill(padded, (byte) ' ');
			System.arraycopy(this.body, 0, padded, 0, this.body.length - 1);
			padded[this.padTo - 1] = this.body[this.body.length - 1];
			return padded;
		}

		@Override
		public String toString() {
			String text = new String(this.body, StandardCharsets.UTF_8);
			return this.kind + " " + (this.chunked ? "(chunked) " : "")
					+ this.headers.stream().map((h) -> h[0] + ": " + h[1]).toList() + " "
					+ ((text.length() > 300) ? text.substring(0, 300) + "… (" + this.body.length + " bytes)" : text);
		}

	}

	@Test
	void snsRunsWithGenerousTimeoutsHere() {
		ClientOverrideConfiguration configuration = this.snsClient.serviceClientConfiguration().overrideConfiguration();

		assertThat(configuration.apiCallTimeout()).contains(Duration.parse(SNS_TIMEOUT));
		assertThat(configuration.apiCallAttemptTimeout()).contains(Duration.parse(SNS_ATTEMPT_TIMEOUT));
	}

	@Test
	void noGeneratedRequestGetsA5xxEveryRejectionIsAProblemAndOnlyAcceptedOrdersArePublished(CapturedOutput output)
			throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 8);
		System.out.println("generated requests: seed " + SEED + " (-Dgenerated.seed to vary)");
		RequestGenerator generator = new RequestGenerator(SEED);
		List<Probe> probes = new ArrayList<>(REQUESTS);
		for (int i = 0; i < REQUESTS; i++) {
			probes.add(probe(generator, run));
		}
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
		Set<String> acceptedEventIds = ConcurrentHashMap.newKeySet();
		AtomicInteger accepted = new AtomicInteger();
		Map<String, AtomicInteger> byStatus = new ConcurrentHashMap<>();
		List<String> violations = Collections.synchronizedList(new ArrayList<>());
		ExecutorService workers = Executors.newFixedThreadPool(4);
		// Only the tests' own queue stays subscribed: moto delivers inside Publish, and
		// three deliveries per publish would triple its work. The next reset
		// re-subscribes.
		unsubscribeTopologyQueues();
		long start = System.nanoTime();
		try {
			List<Future<?>> done = new ArrayList<>();
			for (Probe probe : probes) {
				done.add(workers.submit(() -> {
					HttpResponse<String> response = send(client, probe);
					byStatus.computeIfAbsent(probe.kind() + " " + response.statusCode(), (k) -> new AtomicInteger())
						.incrementAndGet();
					String problem = check(probe, response);
					if (problem != null) {
						violations.add(problem + ": " + probe + " -> " + response.statusCode() + " "
								+ response.headers().firstValue("Content-Type").orElse("") + " " + response.body());
					}
					if (response.statusCode() == 202) {
						accepted.incrementAndGet();
						acceptedEventIds.add(this.json.readTree(response.body()).get("eventId").asString());
					}
					return null;
				}));
			}
			for (Future<?> future : done) {
				future.get();
			}
		}
		finally {
			workers.shutdownNow();
			aws.reset();
		}
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		System.out.println("generated requests: " + REQUESTS + " in " + took.toMillis() + " ms, seed " + SEED
				+ ", outcomes " + new TreeMap<>(byStatus));

		assertThat(violations).as("requests answered against the contract").isEmpty();
		assertThat(accepted.get()).as("accepted orders").isGreaterThan(REQUESTS / 25);
		List<String> published = publishedEvents().stream().map((event) -> event.get("eventId").asString()).toList();
		// The same event twice is allowed (at least once): on a loaded machine an SDK
		// attempt
		// can time out after SNS accepted it, and the SDK retries. Subscribers
		// de-duplicate.
		System.out.println("published: " + published.size() + " messages, " + new HashSet<>(published).size()
				+ " distinct events, " + acceptedEventIds.size() + " accepted");
		assertThat(new HashSet<>(published)).as("exactly the accepted events were published")
			.isEqualTo(acceptedEventIds);
		Pattern forged = Pattern.compile("(?m)^FORGED");
		assertThat(forged.matcher(output.getAll().replaceAll("[\\r\\u2028\\u2029\\u0085]", "\n")).find())
			.as("a log line forged from input")
			.isFalse();
	}

	private static void unsubscribeTopologyQueues() {
		Collection<String> queueArns = aws.provisioned().queueArns().values();
		aws.sns()
			.listSubscriptionsByTopicPaginator((request) -> request.topicArn(aws.provisioned().topicArn()))
			.subscriptions()
			.stream()
			.filter((subscription) -> queueArns.contains(subscription.endpoint()))
			.forEach((subscription) -> aws.sns()
				.unsubscribe((request) -> request.subscriptionArn(subscription.subscriptionArn())));
	}

	private HttpResponse<String> send(HttpClient client, Probe probe) throws IOException, InterruptedException {
		byte[] bytes = probe.bytes();
		HttpRequest.BodyPublisher body = probe.chunked()
				? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
				: HttpRequest.BodyPublishers.ofByteArray(bytes);
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/orders"))
			.timeout(Duration.ofSeconds(30))
			.POST(body);
		probe.headers().forEach((header) -> request.header(header[0], header[1]));
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	// ---- generators -------------------------------------------------------------------

	static final String FORGED = "FORGED log line";

	/**
	 * Every kind of request, by weight: mostly rejections, which cost the emulator
	 * nothing, and enough accepted orders (about 7 %) to count publishes against.
	 */
	static Probe probe(RequestGenerator g, String run) {
		return g.frequency(weight(4, () -> validOrder(g, run)), weight(90, () -> invalidField(g)),
				weight(4, () -> oddField(g)), weight(70, () -> malformed(g)), weight(12, () -> oddHeaders(g, run)),
				weight(4, () -> oversized(g)), weight(1, () -> atTheLimit(g)));
	}

	/** An order as raw JSON members, so that any member can be replaced by anything. */
	record Order(Map<String, String> fields, List<Map<String, String>> items) {

		String json() {
			StringBuilder json = new StringBuilder("{");
			this.fields.forEach((name, value) -> json.append(quote(name)).append(':').append(value).append(','));
			json.append("\"items\":[");
			for (int i = 0; i < this.items.size(); i++) {
				json.append((i > 0) ? "," : "").append('{');
				StringBuilder line = new StringBuilder();
				this.items.get(i)
					.forEach((name, value) -> line.append((line.length() > 0) ? "," : "")
						.append(quote(name))
						.append(':')
						.append(value));
				json.append(line).append('}');
			}
			return json.append("]}").toString();
		}

		Order with(String field, String rawValue) {
			Map<String, String> fields = new LinkedHashMap<>(this.fields);
			if (rawValue == null) {
				fields.remove(field);
			}
			else {
				fields.put(field, rawValue);
			}
			return new Order(fields, this.items);
		}

		Order withItemField(String field, String rawValue) {
			List<Map<String, String>> items = new ArrayList<>(this.items);
			Map<String, String> first = new LinkedHashMap<>(items.get(0));
			first.put(field, rawValue);
			items.set(0, first);
			return new Order(this.fields, items);
		}

		String withItems(String rawItems) {
			String json = json();
			return json.substring(0, json.indexOf("\"items\":[")) + "\"items\":" + rawItems + "}";
		}

	}

	/** A JSON string literal, escaped as JSON requires (and U+2028/2029 escaped too). */
	static String quote(String value) {
		StringBuilder quoted = new StringBuilder("\"");
		for (char c : value.toCharArray()) {
			switch (c) {
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				default -> {
					if (c < 0x20 || c == '\u2028' || c == '\u2029') {
						quoted.append(String.format("\\u%04x", (int) c));
					}
					else {
						quoted.append(c);
					}
				}
			}
		}
		return quoted.append('"').toString();
	}

	static Order order(RequestGenerator g) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("customerEmail",
				quote(g.string("abcdefghijklmnopqrstuvwxyz0123456789", 1, 20) + g.oneOf("", ".last", "+tag", "_x") + "@"
						+ g.oneOf("example.com", "example.org", "mail.example.co.uk")));
		List<Map<String, String>> lines = new ArrayList<>();
		for (int i = g.between(1, 8); i > 0; i--) {
			String sku = g.charBetween('A', 'Z') + g.string("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-", 0, 31);
			lines.add(
					Map.of("sku", quote(sku), "quantity", Integer.toString(g.between(1, 1000)), "unitPrice", price(g)));
		}
		String currency = g.oneOf("", "EUR", "GBP", "USD");
		if (!currency.isEmpty()) {
			fields.put("currency", quote(currency));
		}
		String notify = g.oneOf("", "true", "false");
		if (!notify.isEmpty()) {
			fields.put("notifyCustomer", notify);
		}
		return new Order(fields, lines);
	}

	/** A valid unit price in one of the number forms a client may send. */
	static String price(RequestGenerator g) {
		BigDecimal value = g.decimal(new BigDecimal("999999999.99"), 2);
		return switch (g.between(0, 3)) {
			case 0 -> value.toPlainString();
			case 1 -> value.stripTrailingZeros().toPlainString();
			case 2 -> value.stripTrailingZeros().toString();
			default -> value.stripTrailingZeros().toPlainString() + ((value.scale() > 0) ? "" : ".0");
		};
	}

	/** Valid orders, some with odd but allowed form, some with idempotency keys. */
	static Probe validOrder(RequestGenerator g, String run) {
		return g
			.frequency(weight(50, () -> Probe.json("valid", Expect.ACCEPTED, 202, order(g).json())),
					weight(25, () -> oddValidOrder(g)),
					weight(15,
							() -> Probe.json("valid, fresh key", Expect.ACCEPTED, 202, order(g).json())
								.withHeader("Idempotency-Key", "gen-" + run + "-" + UUID.randomUUID())),
					weight(10, () -> {
						int n = g.between(0, 15);
						return Probe
							.json("valid, reused key", Expect.ACCEPTED, null,
									"{\"customerEmail\":\"pool" + n + "@example.com\",\"items\":[{\"sku\":\"POOL-" + n
											+ "\",\"quantity\":1,\"unitPrice\":" + (n + 1) + ".50}]}")
							.withHeader("Idempotency-Key", "gen-" + run + "-pool-" + n);
					}));
	}

	/** Valid orders in odd but allowed form. */
	static Probe oddValidOrder(RequestGenerator g) {
		Order order = order(g);
		String json = order.json();
		return switch (g.between(0, 7)) {
			case 0 -> Probe.json("valid, unknown field with line breaks", Expect.ACCEPTED, 202,
					order.with("note", quote("a\r\n" + FORGED + "\u2028" + FORGED + "\u2029x")).json());
			case 1 -> Probe.json("valid, whitespace", Expect.ACCEPTED, 202,
					"\r\n\t " + json.replace(",", " ,\n\t").replace(":", " :\r\n") + " \n");
			case 2 -> Probe.json("valid, chunked", Expect.ACCEPTED, 202, json).chunked(true);
			case 3 -> Probe.json("valid, charset", Expect.ACCEPTED, 202, json)
				.withContentType("application/json;charset=UTF-8", "valid, charset", Expect.ACCEPTED, 202);
			case 4 -> Probe.json("valid, bad correlation id", Expect.ACCEPTED, 202, json)
				.withHeader("X-Correlation-Id", "bad id <script>\tü " + FORGED);
			case 5 -> Probe.json("valid, long correlation id", Expect.ACCEPTED, 202, json)
				.withHeader("X-Correlation-Id", "x".repeat(200));
			case 6 -> Probe.json("valid, escaped email", Expect.ACCEPTED, 202,
					order.with("customerEmail", "\"\\u0061da@example.com\"").json());
			default ->
				Probe.json("valid, Accept JSON", Expect.ACCEPTED, 202, json).withHeader("Accept", "application/json");
		};
	}

	static final String TOO_MANY_ITEMS = "["
			+ String.join(",", Collections.nCopies(10_001, "{\"sku\":\"BOOK-42\",\"quantity\":1,\"unitPrice\":1}"))
			+ "]";

	/** Orders with exactly one field that must be refused (400). */
	static Probe invalidField(RequestGenerator g) {
		Order order = order(g);
		String[] m = g.oneOf(new String[][] {
				// field, raw JSON value
				{ "customerEmail", "\"\"" }, { "customerEmail", "\"ada\"" }, { "customerEmail", "\"ada@\"" },
				{ "customerEmail", "\"@example.com\"" }, { "customerEmail", "\"a b@example.com\"" },
				{ "customerEmail", quote("ada@example.com\r\n" + FORGED) },
				{ "customerEmail", quote("ada\n" + FORGED + "@example.com") },
				{ "customerEmail", quote("x".repeat(250) + "@example.com") }, { "customerEmail", "null" },
				{ "customerEmail", "42" }, { "customerEmail", "{}" }, { "currency", "\"eur\"" }, { "currency", "\"\"" },
				{ "currency", "\"EURO\"" }, { "currency", quote("E\nUR") }, { "currency", quote("EUR\u2028") },
				{ "currency", "1" }, { "notifyCustomer", "\"yes\"" }, { "notifyCustomer", "\"maybe\"" },
				{ "notifyCustomer", "[]" }, { "item.sku", "\"book-42\"" }, { "item.sku", "\"\"" },
				{ "item.sku", quote("A".repeat(33)) }, { "item.sku", "\"-ABC\"" }, { "item.sku", "\"BOOK 42\"" },
				{ "item.sku", quote("BOOK\n" + FORGED) }, { "item.sku", quote("BOOK\u2028" + FORGED) },
				{ "item.sku", quote("BOOK\r" + FORGED) }, { "item.sku", "null" }, { "item.quantity", "0" },
				{ "item.quantity", "-1" }, { "item.quantity", "1001" }, { "item.quantity", "\"two\"" },
				{ "item.quantity", quote("1\r\n" + FORGED) }, { "notifyCustomer", quote("yes\n" + FORGED) },
				{ "item.quantity", "\"NaN\"" }, { "item.quantity", "\"Infinity\"" }, { "item.quantity", "1e999999999" },
				{ "item.quantity", "-1e999999999" }, { "item.quantity", "2147483648" },
				{ "item.quantity", "99999999999999999999999999" }, { "item.quantity", "true" },
				{ "item.quantity", "null" }, { "item.quantity", "[]" }, { "item.unitPrice", "-0.01" },
				{ "item.unitPrice", "0.001" }, { "item.unitPrice", "1e999999999" },
				{ "item.unitPrice", "1E+999999999" }, { "item.unitPrice", "1e-999999999" },
				{ "item.unitPrice", "-1e999999999" }, { "item.unitPrice", "1234567890" },
				{ "item.unitPrice", "1234567890.5" }, { "item.unitPrice", "1E+400" },
				{ "item.unitPrice", "-0.0000001" }, { "item.unitPrice", "\"NaN\"" },
				{ "item.unitPrice", "\"Infinity\"" }, { "item.unitPrice", "\"-Infinity\"" },
				{ "item.unitPrice", "\"twelve\"" }, { "item.unitPrice", "null" }, { "item.unitPrice", "{}" },
				{ "items", "[]" }, { "items", "null" }, { "items", "[null]" }, { "items", "\"BOOK-42\"" },
				{ "items", "[{}]" }, { "items", TOO_MANY_ITEMS }, { "items", "{}" } });
		String body;
		if (m[0].equals("items")) {
			body = order.withItems(m[1]);
		}
		else if (m[0].startsWith("item.")) {
			body = order.withItemField(m[0].substring(5), m[1]).json();
		}
		else {
			body = order.with(m[0], m[1]).json();
		}
		return Probe.json("invalid " + m[0], Expect.REJECTED, 400, body);
	}

	/**
	 * Orders with a field whose fate is the server's call (coercions), but never a 5xx.
	 */
	static Probe oddField(RequestGenerator g) {
		Order order = order(g);
		String[] m = g.oneOf(new String[][] { { "item.sku", "42" }, { "item.quantity", "1.5" },
				{ "item.quantity", "1e3" }, { "item.quantity", "\"7\"" }, { "item.unitPrice", "\"12.50\"" },
				{ "notifyCustomer", "1" }, { "notifyCustomer", "\"true\"" }, { "notifyCustomer", "null" },
				{ "currency", "null" }, { "customerEmail", quote("ada\u2028" + FORGED + "@example.com") },
				{ "customerEmail", quote("ünïcødé@example.com") }, { "customerEmail", quote("ada@exämple.com") } });
		String body = m[0].startsWith("item.") ? order.withItemField(m[0].substring(5), m[1]).json()
				: order.with(m[0], m[1]).json();
		return Probe.json("odd " + m[0] + "=" + m[1], Expect.EITHER, null, body);
	}

	/** Bodies that are not a JSON order at all (400). */
	static Probe malformed(RequestGenerator g) {
		return g.frequency(weight(4, () -> {
			String json = order(g).json();
			return Probe.json("truncated", Expect.REJECTED, 400,
					json.substring(0, (int) (json.length() * g.between(0, 0.99))));
		}), weight(3,
				() -> Probe.json("garbage", Expect.REJECTED, 400, g.filtered(() -> g.anyString(200),
						(text) -> !text.isBlank() && !text.strip().startsWith("{") && !text.strip().startsWith("[")))),
				weight(3, () -> g.oneOf(MALFORMED)));
	}

	static final List<Probe> MALFORMED = List.of(Probe.json("empty", Expect.REJECTED, 400, ""),
			Probe.json("blank", Expect.REJECTED, 400, " \r\n"), Probe.json("null", Expect.REJECTED, 400, "null"),
			Probe.json("array", Expect.REJECTED, 400, "[]"), Probe.json("string", Expect.REJECTED, 400, "\"x\""),
			Probe.json("number", Expect.REJECTED, 400, "1e999999999"),
			Probe.json("empty object", Expect.REJECTED, 400, "{}"),
			Probe.json("NaN bare", Expect.REJECTED, 400,
					"{\"customerEmail\":\"ada@example.com\",\"items\":[{\"sku\":\"A\",\"quantity\":NaN,\"unitPrice\":1}]}"),
			Probe.json("Infinity bare", Expect.REJECTED, 400,
					"{\"customerEmail\":\"ada@example.com\",\"items\":[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":Infinity}]}"),
			Probe.json("raw CR LF in a string", Expect.REJECTED, 400,
					"{\"customerEmail\":\"ada@example.com\r\n" + FORGED
							+ "\",\"items\":[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":1}]}"),
			Probe.json("single quotes", Expect.REJECTED, 400, "{'customerEmail':'ada@example.com'}"),
			Probe.json("deep nesting", Expect.REJECTED, 400, "[".repeat(5000) + "]".repeat(5000)),
			Probe.json("deep object", Expect.REJECTED, 400,
					"{\"customerEmail\":" + "{\"a\":".repeat(3000) + "1" + "}".repeat(3001)),
			Probe.json("long number", Expect.REJECTED, 400,
					"{\"customerEmail\":\"ada@example.com\",\"items\":[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":"
							+ "9".repeat(5000) + "}]}"),
			new Probe("invalid UTF-8", Expect.REJECTED, 400,
					new byte[] { '{', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', ':', '1', '}' }, 0, false,
					List.<String[]>of(new String[] { "Content-Type", "application/json" })));

	/** Valid orders with odd headers. */
	static Probe oddHeaders(RequestGenerator g, String run) {
		Probe probe = Probe.json("valid", Expect.ACCEPTED, 202, order(g).json());
		return switch (g.between(0, 17)) {
			case 0 -> probe.withContentType(null, "no content type", Expect.REJECTED, 415);
			case 1 -> probe.withContentType("text/plain", "text/plain", Expect.REJECTED, 415);
			case 2 -> probe.withContentType("application/xml", "xml", Expect.REJECTED, 415);
			case 3 -> probe.withContentType("application/x-www-form-urlencoded", "form", Expect.REJECTED, 415);
			case 4 -> probe.withContentType("multipart/form-data; boundary=x", "multipart", Expect.REJECTED, 415);
			case 5 -> probe.withContentType("application/json; charset=ISO-8859-1", "latin-1", Expect.EITHER, null);
			case 6 -> probe.withContentType("application/json;charset=UTF-16", "utf-16", Expect.EITHER, null);
			case 7 ->
				probe.withContentType("application/json; charset=no-such-charset", "bad charset", Expect.EITHER, null);
			case 8 -> probe.withContentType("application/json; charset=\"", "broken parameter", Expect.EITHER, null);
			case 9 -> probe.withContentType("application", "not a media type", Expect.REJECTED, null);
			case 10 -> probe.withHeader("Idempotency-Key", "k".repeat(129)).as("key too long", Expect.REJECTED, 400);
			case 11 -> probe.withHeader("Idempotency-Key", "has space").as("key with space", Expect.REJECTED, 400);
			// the JDK client sends a non-ASCII header character as '?': a valid key
			case 12 -> probe.withHeader("Idempotency-Key", "schlüssel-" + UUID.randomUUID())
				.as("key not ASCII", Expect.EITHER, null);
			case 13 -> probe.withHeader("Idempotency-Key", "gen-" + run + "-" + UUID.randomUUID())
				.withHeader("Idempotency-Key", "gen-" + run + "-" + UUID.randomUUID())
				.as("duplicate key", Expect.EITHER, null);
			case 14 -> probe.withHeader("Idempotency-Key", "").as("empty key", Expect.EITHER, null);
			case 15 -> probe.withHeader("X-Correlation-Id", "a")
				.withHeader("X-Correlation-Id", "b c")
				.as("duplicate correlation id", Expect.ACCEPTED, 202);
			case 16 -> probe.withHeader("Accept", "text/html").as("accept html", Expect.EITHER, null);
			default -> probe.withContentType("APPLICATION/JSON", "upper-case type", Expect.EITHER, null);
		};
	}

	/** Bodies over the 10 MiB limit, with a length or chunked (413). */
	static Probe oversized(RequestGenerator g) {
		Order order = order(g);
		int over = g.between(1, 40_000);
		boolean chunked = g.bool();
		return Probe.json(chunked ? "over the limit, chunked" : "over the limit", Expect.REJECTED, 413, order.json())
			.paddedTo(LIMIT + over)
			.chunked(chunked);
	}

	/** Valid orders padded to exactly the limit: accepted. */
	static Probe atTheLimit(RequestGenerator g) {
		return Probe.json("at the limit", Expect.ACCEPTED, 202, order(g).json()).paddedTo(LIMIT).chunked(g.bool());
	}

	/**
	 * What is wrong with an answer, or {@code null}.
	 */
	private static String check(Probe probe, HttpResponse<String> response) {
		int status = response.statusCode();
		if (status >= 500) {
			return "5xx";
		}
		if (status == 202) {
			if (probe.expect() == Expect.REJECTED) {
				return "accepted, must be rejected";
			}
			return (response.body().contains("\"eventId\"")) ? null : "202 without ids";
		}
		if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
			return "rejection not application/problem+json";
		}
		if (probe.expect() == Expect.ACCEPTED && status != 409) {
			return "rejected, must be accepted";
		}
		if (probe.status() != null && probe.status() != status) {
			return "expected " + probe.status();
		}
		if (!response.body().contains("\"status\":" + status)) {
			return "problem without its status";
		}
		return null;
	}

}
