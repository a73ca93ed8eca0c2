package dev.fanoutlab.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.icegreen.greenmail.util.GreenMail;
import dev.fanoutlab.testsupport.LocalAws;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace per order, across every hop, read back from Zipkin's API as a student reads
 * it in Zipkin's UI: the services run as processes with the {@code local} profile
 * (sampling 100 %) and report to the test's Zipkin ({@link WholeSystem#zipkin}). The
 * request comes in with a W3C {@code traceparent} of the test's own trace id, as a traced
 * client would send it; every span of the order must land in that trace.
 */
class TracingIntegrationTests {

	static final LocalAws aws = WholeSystem.aws;

	static final GreenMail smtp = WholeSystem.smtp;

	private static final SecureRandom random = new SecureRandom();

	final JsonMapper json = JsonMapper.builder().build();

	final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void startTheSystem() {
		WholeSystem.start();
	}

	@BeforeEach
	void startClean() throws Exception {
		aws.reset();
		smtp.purgeEmailFromAllMailboxes();
	}

	@Test
	void oneTraceHoldsTheRequestThePublishTheFulfilmentWithItsWriteAndTheNotificationWithItsEmail() {
		String traceId = newTraceId();
		placeOrder(traceId, order("ada@example.com", "BOOK-42", "standard"));

		List<Span> trace = awaitTrace(traceId, TracingIntegrationTests::toTheEmail);

		Span request = one(trace, "producer-service", "SERVER");
		assertThat(request.name()).contains("/api/orders");
		Span publish = the(trace, "producer-service", "sns publish");
		assertThat(publish.kind()).isEqualTo("PRODUCER");
		assertThat(ancestors(trace, publish)).contains(request);
		Span fulfilment = one(trace, "consumer-service", "CONSUMER");
		assertThat(fulfilment.parentId()).isEqualTo(publish.id());
		assertThat(ancestors(trace, the(trace, "consumer-service", "dynamodb putitem"))).contains(fulfilment);
		Span notification = one(trace, "notifier-service", "CONSUMER");
		assertThat(notification.parentId()).as("the enveloped delivery continues the trace").isEqualTo(publish.id());
		assertThat(ancestors(trace, the(trace, "notifier-service", "smtp send"))).contains(notification);
		assertThat(ancestors(trace, the(trace, "notifier-service", "dynamodb updateitem"))).contains(notification);
	}

	@Test
	void everyRedeliveryOfAFailingMessageStaysInTheOriginalTrace() {
		// an SKU the warehouse does not stock: a permanent failure, received
		// maxReceiveCount
		// (3) times, then moved to order-fulfilment-dlq
		String traceId = newTraceId();
		placeOrder(traceId, order("grace@example.com", "NOPE-0", "standard"));

		List<Span> trace = awaitTrace(traceId,
				(spans) -> spans.stream()
					.filter((span) -> span.service().equals("consumer-service") && "CONSUMER".equals(span.kind()))
					.count() >= 3);

		Span publish = the(trace, "producer-service", "sns publish");
		List<Span> receives = trace.stream()
			.filter((span) -> span.service().equals("consumer-service") && "CONSUMER".equals(span.kind()))
			.toList();
		assertThat(receives).hasSizeGreaterThanOrEqualTo(3)
			.allSatisfy((receive) -> assertThat(receive.parentId()).isEqualTo(publish.id()))
			.allSatisfy((receive) -> assertThat(receive.error()).isTrue());
	}

	@Test
	void aMessageRedrivenFromTheDeadLetterQueueStaysInTheOriginalTrace() throws Exception {
		String traceId = newTraceId();
		placeOrder(traceId, """
				{"customerEmail":"grace@example.com","notifyCustomer":false,
				"items":[{"sku":"NOPE-0","quantity":1,"unitPrice":1}]}""");
		awaitTrace(traceId, (spans) -> receives(spans).size() >= 3);
		await("the poison message in order-fulfilment-dlq").atMost(Duration.ofSeconds(60))
			.until(() -> aws.messages("order-fulfilment-dlq") == 1);

		// the console's redrive sends the DLQ's messages back with their attributes
		HttpResponse<String> redrive = this.http
			.send(HttpRequest.newBuilder(WholeSystem.console.uri("/api/queues/order-fulfilment-dlq/redrive"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(redrive.statusCode()).as(redrive.body()).isEqualTo(200);

		List<Span> trace = awaitTrace(traceId, (spans) -> receives(spans).size() >= 4);
		Span publish = the(trace, "producer-service", "sns publish");
		assertThat(receives(trace)).hasSizeGreaterThanOrEqualTo(4)
			.allSatisfy((receive) -> assertThat(receive.parentId()).isEqualTo(publish.id()));
	}

	@Test
	void housekeepingRequestsAreNotTraced() throws Exception {
		// the services answered health checks (awaitHealthy) and the console's polling;
		// an order's spans in Zipkin mean that what the consumer did before is reported
		// too
		String traceId = newTraceId();
		placeOrder(traceId, order("quiet@example.com", "PEN-1", "standard"));
		awaitTrace(traceId, (spans) -> has(spans, "consumer-service", "dynamodb putitem"));
		HttpResponse<String> names = this.http.send(HttpRequest
			.newBuilder(WholeSystem.zipkin.endpoint().resolve("/api/v2/spans?serviceName=consumer-service"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(names.statusCode()).isEqualTo(200);
		HttpResponse<String> traces = this.http.send(HttpRequest
			.newBuilder(WholeSystem.zipkin.endpoint().resolve("/api/v2/traces?serviceName=console&limit=100"))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(names.body()).doesNotContain("actuator");
		assertThat(traces.body()).doesNotContain("actuator");
	}

	private static List<Span> receives(List<Span> spans) {
		return spans.stream()
			.filter((span) -> span.service().equals("consumer-service") && "CONSUMER".equals(span.kind()))
			.toList();
	}

	@Test
	void theFifoLaneIsTracedToTheEmailToo() {
		String traceId = newTraceId();
		placeOrder(traceId, order("fifo@example.com", "MUG-7", "fifo"));

		List<Span> trace = awaitTrace(traceId, TracingIntegrationTests::toTheEmail);

		Span publish = the(trace, "producer-service", "sns publish");
		assertThat(one(trace, "consumer-service", "CONSUMER").parentId()).isEqualTo(publish.id());
		assertThat(one(trace, "notifier-service", "CONSUMER").parentId()).isEqualTo(publish.id());
	}

	@Test
	void aClaimCheckedOrderIsTracedThroughItsS3PutAndGets() {
		String traceId = newTraceId();
		// an event of about 275 KB, over SNS's 256 KiB: published by claim check
		String line = "{\"sku\":\"LAPTOP-13\",\"quantity\":250,\"unitPrice\":1234.50}";
		placeOrder(traceId, "{\"customerEmail\":\"bulk@example.com\",\"items\":["
				+ String.join(",", Collections.nCopies(5_000, line)) + "]}");

		List<Span> trace = awaitTrace(traceId, TracingIntegrationTests::toTheEmail);

		Span publish = the(trace, "producer-service", "sns publish");
		assertThat(ancestors(trace, the(trace, "producer-service", "s3 putobject")))
			.contains(one(trace, "producer-service", "SERVER"));
		Span fulfilment = one(trace, "consumer-service", "CONSUMER");
		assertThat(fulfilment.parentId()).isEqualTo(publish.id());
		assertThat(ancestors(trace, the(trace, "consumer-service", "s3 getobject"))).contains(fulfilment);
		Span notification = one(trace, "notifier-service", "CONSUMER");
		assertThat(notification.parentId()).isEqualTo(publish.id());
		assertThat(ancestors(trace, the(trace, "notifier-service", "s3 getobject"))).contains(notification);
	}

	private static String newTraceId() {
		byte[] id = new byte[16];
		random.nextBytes(id);
		return HexFormat.of().formatHex(id);
	}

	private static String order(String email, String sku, String lane) {
		return """
				{"customerEmail":"%s","lane":"%s","items":[{"sku":"%s","quantity":1,"unitPrice":12.50}]}"""
			.formatted(email, lane, sku);
	}

	/** POST the order as a traced client: with a traceparent of the given trace id. */
	private void placeOrder(String traceId, String order) {
		try {
			HttpResponse<String> response = this.http
				.send(HttpRequest.newBuilder(WholeSystem.producer.uri("/api/orders"))
					.header("Content-Type", "application/json")
					.header("traceparent", "00-" + traceId + "-" + traceId.substring(0, 16) + "-01")
					.POST(HttpRequest.BodyPublishers.ofString(order))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The trace's spans, once Zipkin has them all (the services report each span about a
	 * second after it ended).
	 */
	/**
	 * Both readers' spans are in, down to the email: a receive span is reported when it
	 * ends, after the spans of what it did.
	 */
	private static boolean toTheEmail(List<Span> spans) {
		return has(spans, "notifier-service", "smtp send") && has(spans, "consumer-service", "dynamodb putitem")
				&& spans.stream()
					.filter((span) -> "CONSUMER".equals(span.kind()))
					.map(Span::service)
					.toList()
					.containsAll(List.of("consumer-service", "notifier-service"));
	}

	private List<Span> awaitTrace(String traceId, Predicate<List<Span>> complete) {
		URI uri = WholeSystem.zipkin.endpoint().resolve("/api/v2/trace/" + traceId);
		List<List<Span>> last = new ArrayList<>(List.of(List.of()));
		await("trace " + traceId + " complete in Zipkin").atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> {
				HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri).build(),
						HttpResponse.BodyHandlers.ofString());
				List<Span> spans = (response.statusCode() == 200) ? spans(response.body()) : List.of();
				if (response.statusCode() == 200) {
					// for a look after the test: target/traces/{traceId}.json
					Files.createDirectories(Path.of("target", "traces"));
					Files.writeString(Path.of("target", "traces", traceId + ".json"), response.body());
				}
				last.set(0, spans);
				assertThat(has(spans, "producer-service", "sns publish") && complete.test(spans))
					.as("spans so far: %s", spans)
					.isTrue();
			});
		return last.get(0);
	}

	private List<Span> spans(String body) {
		List<Span> spans = new ArrayList<>();
		for (JsonNode span : this.json.readTree(body)) {
			spans.add(new Span(span.path("id").asString(), span.path("parentId").asString(null),
					span.path("localEndpoint").path("serviceName").asString(""), span.path("name").asString(""),
					span.path("kind").asString(null), span.path("tags").has("error")));
		}
		return spans;
	}

	private static boolean has(List<Span> spans, String service, String name) {
		return spans.stream().anyMatch((span) -> span.service().equals(service) && span.name().equals(name));
	}

	/** The only span of the service with that name (the trace has exactly one). */
	private static Span the(List<Span> spans, String service, String name) {
		List<Span> named = spans.stream()
			.filter((span) -> span.service().equals(service) && span.name().equals(name))
			.toList();
		assertThat(named).as("%s's '%s' spans in %s", service, name, spans).hasSize(1);
		return named.get(0);
	}

	/** The only span of the service of that kind. */
	private static Span one(List<Span> spans, String service, String kind) {
		List<Span> ofKind = spans.stream()
			.filter((span) -> span.service().equals(service) && kind.equals(span.kind()))
			.toList();
		assertThat(ofKind).as("%s's %s spans in %s", service, kind, spans).hasSize(1);
		return ofKind.get(0);
	}

	private static List<Span> ancestors(List<Span> spans, Span span) {
		Map<String, Span> byId = spans.stream().collect(Collectors.toMap(Span::id, (s) -> s, (a, b) -> a));
		List<Span> ancestors = new ArrayList<>();
		Span parent = (span.parentId() != null) ? byId.get(span.parentId()) : null;
		while (parent != null && !ancestors.contains(parent)) {
			ancestors.add(parent);
			parent = (parent.parentId() != null) ? byId.get(parent.parentId()) : null;
		}
		return ancestors;
	}

	/** A span as Zipkin's v2 API returns it, with what these tests look at. */
	record Span(String id, String parentId, String service, String name, String kind, boolean error) {
	}

}
