package dev.fanoutlab.consumer.fulfilment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.fanoutlab.contracts.ContractSchemas;
import dev.fanoutlab.testsupport.Http;
import dev.fanoutlab.testsupport.LocalAws;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fulfilment from the FIFO lane: events published to the real FIFO topic
 * {@code orders.fifo} of the local AWS backend, read from {@code order-fulfilment.fifo}
 * with its real redrive policy (maxReceiveCount 3) to {@code order-fulfilment-dlq.fifo}.
 * The warehouse records when each order's reservation started and ended.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "fanout-lab.listener.initial-backoff=3s", "spring.cloud.aws.sqs.listener.poll-timeout=2s" })
@DirtiesContext
class OrderFulfilmentFifoIntegrationTests {

	static final LocalAws aws = LocalAws.get();

	@DynamicPropertySource
	static void aws(DynamicPropertyRegistry registry) {
		aws.registerProperties(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	@Autowired
	RecordingWarehouse warehouse;

	RestClient http;

	@BeforeEach
	void startClean() {
		aws.reset();
		this.warehouse.reset();
		this.http = Http.client(this.port);
	}

	/**
	 * Three customers' first orders meet in the warehouse (a barrier of three): they can
	 * only if the groups are processed in parallel. Meanwhile each customer's next order
	 * waits: each group's orders start in the order published, each after the one before
	 * it ended.
	 */
	@Test
	void processesEachCustomersOrdersOneAtATimeInOrderAndTheCustomersInParallel() {
		List<String> groups = List.of("customer-ada", "customer-bob", "customer-cy");
		Map<String, List<UUID>> published = new LinkedHashMap<>();
		for (int sequence = 0; sequence < 4; sequence++) {
			for (String group : groups) {
				UUID orderId = UUID.randomUUID();
				if (sequence == 0) {
					this.warehouse.meetAtTheBarrier(orderId);
				}
				published.computeIfAbsent(group, (key) -> new ArrayList<>()).add(orderId);
				publish(group, event(orderId));
			}
		}

		List<UUID> all = published.values().stream().flatMap(List::stream).toList();
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(all)
				.allSatisfy((orderId) -> assertThat(status(orderId)).isEqualTo(HttpStatus.OK)));
		assertThat(this.warehouse.barrierBroken).as("the three groups met in the warehouse").isFalse();
		for (List<UUID> group : published.values()) {
			assertThat(this.warehouse.started.stream().filter(group::contains).toList())
				.containsExactlyElementsOf(group);
			for (int i = 1; i < group.size(); i++) {
				assertThat(this.warehouse.startOf(group.get(i))).as("started after the one before ended")
					.isAfterOrEqualTo(this.warehouse.endOf(group.get(i - 1)));
			}
		}
	}

	/**
	 * Ada's first order fails (the warehouse times out, a transient failure retried with
	 * backoff at 0, 3 and 9 s): her later orders wait until the redrive policy moved it
	 * to the DLQ, then follow in order, each received once; Bob's orders do not wait.
	 */
	@Test
	void holdsBackOnlyTheGroupOfAFailingOrderUntilItReachesTheDeadLetterQueue() {
		UUID failing = UUID.randomUUID();
		UUID ada1 = UUID.randomUUID();
		UUID ada2 = UUID.randomUUID();
		List<UUID> bob = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
		this.warehouse.unavailableFor(failing);
		String failingEvent = event(failing);
		publish("customer-ada", failingEvent);
		publish("customer-bob", event(bob.get(0)));
		publish("customer-ada", event(ada1));
		publish("customer-bob", event(bob.get(1)));
		publish("customer-ada", event(ada2));
		publish("customer-bob", event(bob.get(2)));

		Message dead = await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> receiveOne("order-fulfilment-dlq.fifo"), (message) -> message != null);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(List.of(ada1, ada2))
				.allSatisfy((orderId) -> assertThat(status(orderId)).isEqualTo(HttpStatus.OK)));

		assertThat(dead.body()).isEqualTo(failingEvent);
		List<Instant> attempts = this.warehouse.attemptsOf(failing);
		assertThat(attempts).as("receives of the failing order")
			.hasSize(aws.topology().subscription("order-fulfilment.fifo").maxReceiveCount());
		Instant lastAttempt = attempts.get(attempts.size() - 1);
		assertThat(bob)
			.allSatisfy((orderId) -> assertThat(this.warehouse.endOf(orderId)).as("Bob's orders did not wait for Ada's")
				.isBefore(lastAttempt));
		assertThat(this.warehouse.startOf(ada1)).as("Ada's next order waited").isAfter(lastAttempt);
		assertThat(this.warehouse.started.stream().filter(List.of(ada1, ada2)::contains).toList())
			.as("each received once, in order")
			.containsExactly(ada1, ada2);
		assertThat(aws.messages("order-fulfilment-dlq.fifo")).as("only the failing order in the DLQ").isEqualTo(1);
	}

	private void publish(String group, String event) {
		String eventId = this.json.readTree(event).get("eventId").asString();
		aws.sns()
			.publish((request) -> request.topicArn(aws.provisioned().fifoTopicArn())
				.message(event)
				.messageGroupId(group)
				.messageDeduplicationId(eventId)
				.messageAttributes(Map.of("eventType", string("OrderPlaced"), "schemaVersion", string("1"),
						"notifyCustomer", string("false"))));
	}

	private String event(UUID orderId) {
		ObjectNode event = (ObjectNode) this.json.readTree(ContractSchemas.orderPlacedExamples().get(0));
		event.put("orderId", orderId.toString());
		event.put("eventId", UUID.randomUUID().toString());
		event.put("occurredAt", Instant.now().toString());
		return event.toString();
	}

	private HttpStatus status(UUID orderId) {
		return HttpStatus.valueOf(this.http.get()
			.uri("/api/orders/{id}", orderId)
			.accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()
			.value());
	}

	private static Message receiveOne(String queue) {
		return aws.sqs()
			.receiveMessage((request) -> request.queueUrl(aws.provisioned().queueUrl(queue)).visibilityTimeout(0))
			.messages()
			.stream()
			.findFirst()
			.orElse(null);
	}

	private static MessageAttributeValue string(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class RecordingWarehouseConfiguration {

		@Bean
		@Primary
		RecordingWarehouse recordingWarehouse() {
			return new RecordingWarehouse();
		}

	}

	/**
	 * A warehouse that stocks everything, records when each reservation started and
	 * ended, times out for the orders it is told, and holds the orders it is told at a
	 * barrier until all of them arrived.
	 */
	static class RecordingWarehouse implements Warehouse {

		static final int BARRIER_PARTIES = 3;

		final Queue<UUID> started = new ConcurrentLinkedQueue<>();

		final AtomicBoolean barrierBroken = new AtomicBoolean();

		private final Map<UUID, Instant> starts = new ConcurrentHashMap<>();

		private final Map<UUID, Instant> ends = new ConcurrentHashMap<>();

		private final Map<UUID, Queue<Instant>> attempts = new ConcurrentHashMap<>();

		private final Set<UUID> unavailable = ConcurrentHashMap.newKeySet();

		private final Set<UUID> atTheBarrier = ConcurrentHashMap.newKeySet();

		private volatile CyclicBarrier barrier = new CyclicBarrier(BARRIER_PARTIES);

		void reset() {
			this.started.clear();
			this.starts.clear();
			this.ends.clear();
			this.attempts.clear();
			this.unavailable.clear();
			this.atTheBarrier.clear();
			this.barrierBroken.set(false);
			this.barrier = new CyclicBarrier(BARRIER_PARTIES);
		}

		void unavailableFor(UUID orderId) {
			this.unavailable.add(orderId);
		}

		void meetAtTheBarrier(UUID orderId) {
			this.atTheBarrier.add(orderId);
		}

		Instant startOf(UUID orderId) {
			return this.starts.get(orderId);
		}

		Instant endOf(UUID orderId) {
			return this.ends.get(orderId);
		}

		List<Instant> attemptsOf(UUID orderId) {
			return List.copyOf(this.attempts.getOrDefault(orderId, new ConcurrentLinkedQueue<>()));
		}

		@Override
		public void reserve(UUID orderId, OrderPlaced event) {
			Instant now = Instant.now();
			this.attempts.computeIfAbsent(orderId, (key) -> new ConcurrentLinkedQueue<>()).add(now);
			if (this.unavailable.contains(orderId)) {
				throw new WarehouseUnavailableException("Warehouse timed out (simulated)");
			}
			this.started.add(orderId);
			this.starts.put(orderId, now);
			if (this.atTheBarrier.contains(orderId)) {
				try {
					this.barrier.await(30, TimeUnit.SECONDS);
				}
				catch (Exception ex) {
					this.barrierBroken.set(true);
					throw new IllegalStateException("The other groups never arrived", ex);
				}
			}
			this.ends.put(orderId, Instant.now());
		}

	}

}
