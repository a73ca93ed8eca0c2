package dev.fanoutlab.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import dev.fanoutlab.testsupport.MotoServer;
import dev.fanoutlab.testsupport.Ports;
import dev.fanoutlab.topology.ProvisionedTopology;
import dev.fanoutlab.topology.Provisioner;
import dev.fanoutlab.topology.Topology;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One {@code make bench} run: the services side by side with a raw AWS SDK v2 harness
 * doing the same work on the same backends with the same concurrency, in alternating
 * rounds, every figure a ratio against its baseline from the same round.
 * <ul>
 * <li>Backends: ElasticMQ embedded for SQS (thousands of messages a second here, so not
 * the bottleneck); DynamoDB on its own moto_server; SNS on another moto_server with the
 * topic alone (no subscriptions, so a publish does no fan-out work); the topology for the
 * startup runs on the DynamoDB one.</li>
 * <li>Drain: consumer-service (listener paused through {@code /actuator/listeners} while
 * the queue is filled, then resumed) against {@code consumerThreads} raw threads each
 * looping receive (10) → consistent GetItem → conditional PutItem → DeleteMessage, the
 * calls the service makes per message.</li>
 * <li>Publish: {@code httpClients} concurrent Java HTTP clients posting orders to
 * producer-service, against as many raw threads serialising an {@code OrderPlaced} and
 * publishing it with the producer's four message attributes.</li>
 * <li>Startup to liveness and RSS idle: each service and a bare Boot hello-web app with
 * Actuator, with {@code make demo}'s JVM flags, one after the other.</li>
 * <li>Requests: every HTTP attempt to AWS, counted by {@link RequestCounter} in the
 * services and in the harness.</li>
 * </ul>
 */
final class Bench {

	static final String QUEUE = "order-fulfilment";

	static final String TABLE = "fanout-lab-fulfilments";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final BenchSettings settings;

	private final Results results = new Results();

	private SQSRestServer elasticMq;

	private URI sqsEndpoint;

	private MotoServer dynamoDbMoto;

	private MotoServer snsMoto;

	private ProvisionedTopology topology;

	private String benchTopicArn;

	private String benchFifoTopicArn;

	private SqsClient sqs;

	private DynamoDbClient dynamoDb;

	private SnsClient sns;

	private String queueUrl;

	private final Map<String, Lever> levers = new LinkedHashMap<>();

	Bench(BenchSettings settings) {
		this.settings = settings;
	}

	static Path root() {
		return Path.of(System.getProperty("fanoutlab.root", "..")).toAbsolutePath().normalize();
	}

	static Path output() {
		Path output = root().resolve("target").resolve("bench");
		try {
			Files.createDirectories(output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return output;
	}

	static Path benchJar() {
		return jar("bench", "");
	}

	private static Path jar(String module, String classifier) {
		Path jar = root().resolve(module)
			.resolve("target")
			.resolve(module + "-" + System.getProperty("fanoutlab.version", "0.1.0-SNAPSHOT") + classifier + ".jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: build it with ./mvnw -DskipTests package");
		}
		return jar;
	}

	static Map<String, Long> readCounts(Path file) {
		Map<String, Long> counts = new TreeMap<>();
		if (file == null || !Files.isRegularFile(file)) {
			return counts;
		}
		try {
			for (String line : Files.readAllLines(file)) {
				String[] parts = line.trim().split(" ");
				if (parts.length == 2) {
					counts.put(parts[0], Long.parseLong(parts[1]));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return counts;
	}

	/**
	 * Run every round and write the table to {@code target/bench}.
	 * @return the figures
	 */
	Results run() {
		Instant started = Instant.now();
		startBackends();
		try {
			prepareLevers();
			for (int round = 1; round <= this.settings.rounds(); round++) {
				boolean serviceFirst = round % 2 == 1;
				log("round " + round + " of " + this.settings.rounds() + ": startup");
				startup(serviceFirst);
				log("round " + round + ": drain");
				drain(serviceFirst);
				log("round " + round + ": publish");
				publish(serviceFirst);
			}
		}
		finally {
			stopBackends();
		}
		String table = this.results.markdown(this.settings, Duration.between(started, Instant.now()));
		try {
			Files.writeString(output().resolve(this.settings.resultsFile()), table);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		System.out.println(table);
		return this.results;
	}

	private void startBackends() {
		int port = Ports.free();
		this.elasticMq = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port).start();
		this.elasticMq.waitUntilStarted();
		this.sqsEndpoint = URI.create("http://127.0.0.1:" + port);
		this.dynamoDbMoto = MotoServer.startOnFreePort();
		this.snsMoto = MotoServer.startOnFreePort();
		this.sqs = client(SqsClient::builder, this.sqsEndpoint);
		this.dynamoDb = client(DynamoDbClient::builder, this.dynamoDbMoto.endpoint());
		this.sns = client(SnsClient::builder, this.snsMoto.endpoint());
		try (SnsClient topologySns = client(SnsClient::builder, this.dynamoDbMoto.endpoint());
				SqsClient topologySqs = client(SqsClient::builder, this.dynamoDbMoto.endpoint())) {
			this.topology = new Provisioner(topologySns, topologySqs, this.dynamoDb).provision(Topology.fanoutLab());
		}
		this.benchTopicArn = this.sns.createTopic((request) -> request.name("orders")).topicArn();
		// The producer checks at startup that its FIFO lane's topic exists too.
		this.benchFifoTopicArn = this.sns
			.createTopic((request) -> request.name("orders.fifo").attributes(Map.of("FifoTopic", "true")))
			.topicArn();
		String dlqUrl = this.sqs.createQueue((request) -> request.queueName(QUEUE + "-dlq")).queueUrl();
		String dlqArn = this.sqs
			.getQueueAttributes((request) -> request.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
			.attributes()
			.get(QueueAttributeName.QUEUE_ARN);
		// consumer-service also reads the FIFO lane's queue; it stays empty here.
		this.sqs.createQueue((request) -> request.queueName(QUEUE + ".fifo")
			.attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true")));
		this.queueUrl = this.sqs.createQueue((request) -> request.queueName(QUEUE)
			.attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30", QueueAttributeName.REDRIVE_POLICY,
					"{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"3\"}")))
			.queueUrl();
	}

	private void stopBackends() {
		this.sqs.close();
		this.dynamoDb.close();
		this.sns.close();
		this.elasticMq.stopAndWait();
		this.dynamoDbMoto.stop();
		this.snsMoto.stop();
	}

	private Map<String, String> topologyEnvironment() {
		return Map.of("AWS_ENDPOINT_URL", this.dynamoDbMoto.endpoint().toString(), "ORDERS_TOPIC_ARN",
				this.topology.topicArn(), "ORDERS_FIFO_TOPIC_ARN", this.topology.fifoTopicArn(), "SMTP_PORT",
				Integer.toString(Ports.free()));
	}

	// ---- startup and RSS idle

	private void startup(boolean serviceFirst) {
		List<String> apps = new ArrayList<>(this.settings.startupServices());
		apps.addAll(this.levers.keySet());
		if (serviceFirst) {
			apps.add("hello-web");
		}
		else {
			apps.add(0, "hello-web");
		}
		Map<String, Double> seconds = new LinkedHashMap<>();
		Map<String, Double> rss = new LinkedHashMap<>();
		for (String name : apps) {
			JvmApp app = app(name).start();
			try {
				seconds.put(name, app.awaitLive().toNanos() / 1e9);
				LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
				rss.put(name, app.rssMb());
			}
			finally {
				app.stop();
			}
		}
		seconds.forEach((name, value) -> {
			this.results.samples("startup " + name).add(value);
			this.results.samples("rss " + name).add(rss.get(name));
			if (!name.equals("hello-web")) {
				this.results.samples("startup ratio " + name).add(value / seconds.get("hello-web"));
				this.results.samples("rss ratio " + name).add(rss.get(name) / rss.get("hello-web"));
			}
		});
	}

	private JvmApp app(String name) {
		if (name.equals("hello-web")) {
			return new JvmApp(name, jar("bench", "-hello"), topologyEnvironment());
		}
		Lever lever = this.levers.get(name);
		if (lever != null) {
			return new JvmApp("producer-service", lever.jar(), topologyEnvironment()).on(lever.home(), lever.flags());
		}
		return new JvmApp(name, jar(name, ""), topologyEnvironment());
	}

	/**
	 * The runtime levers on producer-service: an AppCDS archive on this JDK, JDK 25, and
	 * JDK 25 with an AOT cache, each from a training run of the extracted jar that stops
	 * after the context refreshed ({@code -Dspring.context.exit=onRefresh}).
	 */
	private void prepareLevers() {
		if (!this.settings.runtimeLevers()) {
			return;
		}
		Path home = Path.of(System.getProperty("java.home"));
		Path extracted = output().resolve("extracted");
		Path fatJar = jar("producer-service", "");
		run(List.of(home.resolve("bin").resolve("java").toString(), "-Djarmode=tools", "-jar", fatJar.toString(),
				"extract", "--force", "--destination", extracted.toString()));
		Path jar = extracted.resolve(fatJar.getFileName());
		Path archive = extracted.resolve("producer-service.jsa");
		train(jar, home, List.of("-XX:ArchiveClassesAtExit=" + archive));
		this.levers.put("producer-service, CDS", new Lever(jar, home, List.of("-XX:SharedArchiveFile=" + archive)));
		Path jdk25 = this.settings.jdk25();
		if (jdk25 != null) {
			Path cache = extracted.resolve("producer-service.aot");
			train(jar, jdk25, List.of("-XX:AOTCacheOutput=" + cache));
			this.levers.put("producer-service, JDK 25", new Lever(fatJar, jdk25, List.of()));
			this.levers.put("producer-service, JDK 25 + AOT cache",
					new Lever(jar, jdk25, List.of("-XX:AOTCache=" + cache)));
		}
	}

	private void train(Path jar, Path home, List<String> flags) {
		List<String> all = new ArrayList<>(flags);
		all.add("-Dspring.context.exit=onRefresh");
		int exit = new JvmApp("producer-service-training", jar, topologyEnvironment()).on(home, all)
			.start()
			.awaitExit();
		if (exit != 0) {
			throw new IllegalStateException("The training run exited with " + exit + "; see "
					+ output().resolve("producer-service-training.log"));
		}
	}

	private static void run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(output().resolve("extract.log").toFile()))
				.start();
			if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(command + " failed; see " + output().resolve("extract.log"));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A way to start producer-service: which jar, on which JDK, with which flags. */
	private record Lever(Path jar, Path home, List<String> flags) {

	}

	// ---- drain

	private void drain(boolean serviceFirst) {
		double service;
		double raw;
		if (serviceFirst) {
			service = serviceDrain();
			raw = rawDrain();
		}
		else {
			raw = rawDrain();
			service = serviceDrain();
		}
		this.results.samples("drain service").add(service);
		this.results.samples("drain raw").add(raw);
		this.results.samples("drain ratio").add(service / raw);
		// A listener setting to try: after the two, so the main pair stays adjacent
		if (this.settings.tunedConcurrency() > 0) {
			String concurrency = "--spring.cloud.aws.sqs.listener.max-concurrent-messages="
					+ this.settings.tunedConcurrency();
			double tuned = serviceDrain("consumer-service, tuned", concurrency);
			this.results.samples("drain tuned").add(tuned);
			this.results.samples("drain tuned ratio").add(tuned / raw);
		}
	}

	private double serviceDrain() {
		return serviceDrain("consumer-service");
	}

	private double serviceDrain(String side, String... arguments) {
		Path counts = output().resolve(side.replace(", ", "-") + ".requests");
		Map<String, String> environment = new HashMap<>(topologyEnvironment());
		environment.put("SPRING_CLOUD_AWS_SQS_ENDPOINT", this.sqsEndpoint.toString());
		JvmApp consumer = new JvmApp("consumer-service", jar("consumer-service", ""), environment)
			.countingRequestsIn(counts)
			.start(arguments);
		try {
			consumer.awaitLive();
			int status = consumer.post("/actuator/listeners/order-fulfilment", "{\"running\":false}");
			if (status / 100 != 2) {
				throw new IllegalStateException("Pausing the listener answered " + status);
			}
			consumer.awaitListenerStopped("order-fulfilment", Duration.ofSeconds(60));
			awaitEmpty(Duration.ofSeconds(30));
			fill(this.settings.drainMessages());
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
			Map<String, Long> before = consumer.requests();
			double cpuBefore = consumer.cpuSeconds();
			long start = System.nanoTime();
			consumer.post("/actuator/listeners/order-fulfilment", "{\"running\":true}");
			double rssMax = 0;
			long deadline = start + TimeUnit.SECONDS.toNanos(600);
			while (messages() > 0) {
				rssMax = Math.max(rssMax, consumer.rssMb());
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("consumer-service did not drain the queue in 600 s");
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
			}
			double elapsed = (System.nanoTime() - start) / 1e9;
			double cpu = consumer.cpuSeconds() - cpuBefore;
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
			this.results.requests(side, this.settings.drainMessages(), minus(consumer.requests(), before));
			this.results.samples("rss load " + side).add(rssMax);
			this.results.samples("cpu " + side).add(cpu * 1000 / this.settings.drainMessages());
			return this.settings.drainMessages() / elapsed;
		}
		finally {
			consumer.stop();
		}
	}

	private double rawDrain() {
		fill(this.settings.drainMessages());
		Map<String, Long> before = RequestCounter.snapshot();
		AtomicInteger processed = new AtomicInteger();
		AtomicLong end = new AtomicLong();
		long start = System.nanoTime();
		runThreads(this.settings.consumerThreads(), () -> {
			while (processed.get() < this.settings.drainMessages()) {
				for (Message message : this.sqs
					.receiveMessage((request) -> request.queueUrl(this.queueUrl)
						.maxNumberOfMessages(10)
						.waitTimeSeconds(1)
						.messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
					.messages()) {
					fulfil(message.body());
					this.sqs.deleteMessage(
							(request) -> request.queueUrl(this.queueUrl).receiptHandle(message.receiptHandle()));
					if (processed.incrementAndGet() == this.settings.drainMessages()) {
						end.set(System.nanoTime());
					}
				}
			}
		});
		// The last delete, not the threads' last (empty) receive, ends the drain.
		double elapsed = (end.get() - start) / 1e9;
		this.results.requests("raw drain", this.settings.drainMessages(), minus(RequestCounter.snapshot(), before));
		return this.settings.drainMessages() / elapsed;
	}

	/**
	 * What the service does per event with DynamoDB: a consistent read, a conditional
	 * put.
	 */
	private void fulfil(String body) {
		JsonNode event = json.readTree(body);
		String eventId = event.get("eventId").asString();
		boolean seen = this.dynamoDb
			.getItem((request) -> request.tableName(TABLE)
				.key(Map.of("eventId", AttributeValue.fromS(eventId)))
				.consistentRead(true))
			.hasItem();
		if (seen) {
			return;
		}
		int units = 0;
		for (JsonNode line : event.get("items")) {
			units += line.get("quantity").asInt();
		}
		Map<String, AttributeValue> item = Map.of("eventId", AttributeValue.fromS(eventId), "orderId",
				AttributeValue.fromS(event.get("orderId").asString()), "correlationId",
				AttributeValue.fromS(event.get("correlationId").asString()), "units",
				AttributeValue.fromN(Integer.toString(units)), "total",
				AttributeValue.fromN(event.get("total").decimalValue().toPlainString()), "currency",
				AttributeValue.fromS(event.get("currency").asString()), "placedAt",
				AttributeValue.fromS(event.get("occurredAt").asString()), "fulfilledAt",
				AttributeValue.fromS(Instant.now().toString()));
		try {
			this.dynamoDb.putItem((request) -> request.tableName(TABLE)
				.item(item)
				.conditionExpression("attribute_not_exists(eventId)"));
		}
		catch (ConditionalCheckFailedException ex) {
			// a duplicate: another thread recorded it
		}
	}

	private void fill(int count) {
		AtomicInteger next = new AtomicInteger();
		runThreads(4, () -> {
			while (true) {
				int first = next.getAndAdd(10);
				if (first >= count) {
					return;
				}
				List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
				for (int i = first; i < Math.min(first + 10, count); i++) {
					entries.add(SendMessageBatchRequestEntry.builder()
						.id(Integer.toString(i))
						.messageBody(orderPlaced(UUID.randomUUID(), UUID.randomUUID()))
						.build());
				}
				this.sqs.sendMessageBatch((request) -> request.queueUrl(this.queueUrl).entries(entries));
			}
		});
	}

	private int messages() {
		Map<QueueAttributeName, String> attributes = this.sqs
			.getQueueAttributes((request) -> request.queueUrl(this.queueUrl)
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
			.attributes();
		return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
				+ Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
	}

	private void awaitEmpty(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (messages() > 0) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The queue did not empty in " + timeout);
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
		}
	}

	static String orderPlaced(UUID eventId, UUID orderId) {
		return "{\"eventId\":\"" + eventId + "\",\"eventType\":\"OrderPlaced\",\"schemaVersion\":1,\"occurredAt\":\""
				+ Instant.now() + "\",\"correlationId\":\"" + UUID.randomUUID() + "\",\"orderId\":\"" + orderId
				+ "\",\"customerEmail\":\"ada@example.com\",\"notifyCustomer\":true,\"currency\":\"EUR\","
				+ "\"items\":[{\"sku\":\"BOOK-42\",\"quantity\":2,\"unitPrice\":12.50}],\"total\":25.00}";
	}

	// ---- publish

	private void publish(boolean serviceFirst) {
		double service;
		double raw;
		if (serviceFirst) {
			service = servicePublish();
			raw = rawPublish();
		}
		else {
			raw = rawPublish();
			service = servicePublish();
		}
		this.results.samples("publish service").add(service);
		this.results.samples("publish raw").add(raw);
		this.results.samples("publish ratio").add(service / raw);
	}

	private double servicePublish() {
		Path counts = output().resolve("producer-service.requests");
		JvmApp producer = new JvmApp("producer-service", jar("producer-service", ""),
				Map.of("AWS_ENDPOINT_URL", this.snsMoto.endpoint().toString(), "ORDERS_TOPIC_ARN", this.benchTopicArn,
						"ORDERS_FIFO_TOPIC_ARN", this.benchFifoTopicArn))
			.countingRequestsIn(counts)
			.start();
		try {
			producer.awaitLive();
			HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
			HttpRequest request = HttpRequest.newBuilder(producer.uri("/api/orders"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"customerEmail\":\"ada@example.com\","
						+ "\"items\":[{\"sku\":\"BOOK-42\",\"quantity\":2,\"unitPrice\":12.50}]}"))
				.build();
			AtomicInteger failures = new AtomicInteger();
			Runnable post = () -> {
				try {
					if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() != 202) {
						failures.incrementAndGet();
					}
				}
				catch (IOException ex) {
					failures.incrementAndGet();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
			};
			repeat(this.settings.warmup(), post);
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
			Map<String, Long> before = producer.requests();
			double cpuBefore = producer.cpuSeconds();
			long start = System.nanoTime();
			double rssMax = repeat(this.settings.orders(), post, producer::rssMb);
			double elapsed = (System.nanoTime() - start) / 1e9;
			double cpu = producer.cpuSeconds() - cpuBefore;
			if (failures.get() > 0) {
				throw new IllegalStateException(
						failures + " orders were not accepted (202); see " + output().resolve("producer-service.log"));
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
			this.results.requests("producer-service", this.settings.orders(), minus(producer.requests(), before));
			this.results.samples("rss load producer-service").add(rssMax);
			this.results.samples("cpu producer-service").add(cpu * 1000 / this.settings.orders());
			return this.settings.orders() / elapsed;
		}
		finally {
			producer.stop();
		}
	}

	private double rawPublish() {
		Runnable publish = () -> {
			Map<String, Object> event = new LinkedHashMap<>();
			event.put("eventId", UUID.randomUUID().toString());
			event.put("eventType", "OrderPlaced");
			event.put("schemaVersion", 1);
			event.put("occurredAt", Instant.now().toString());
			event.put("correlationId", UUID.randomUUID().toString());
			event.put("orderId", UUID.randomUUID().toString());
			event.put("customerEmail", "ada@example.com");
			event.put("notifyCustomer", true);
			event.put("currency", "EUR");
			event.put("items", List.of(Map.of("sku", "BOOK-42", "quantity", 2, "unitPrice", 12.50)));
			event.put("total", 25.00);
			String body = json.writeValueAsString(event);
			Map<String, MessageAttributeValue> attributes = Map.of("eventType", string("OrderPlaced"), "schemaVersion",
					string("1"), "correlationId", string((String) event.get("correlationId")), "notifyCustomer",
					string("true"));
			this.sns
				.publish((request) -> request.topicArn(this.benchTopicArn).message(body).messageAttributes(attributes));
		};
		repeat(this.settings.warmup(), publish);
		Map<String, Long> before = RequestCounter.snapshot();
		long start = System.nanoTime();
		repeat(this.settings.orders(), publish);
		double elapsed = (System.nanoTime() - start) / 1e9;
		this.results.requests("raw publish", this.settings.orders(), minus(RequestCounter.snapshot(), before));
		return this.settings.orders() / elapsed;
	}

	private static MessageAttributeValue string(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

	// ---- helpers

	private void repeat(int times, Runnable task) {
		repeat(times, task, () -> 0.0);
	}

	/**
	 * Run a task {@code times} times on {@code httpClients} threads, sampling a gauge
	 * every 50 ms meanwhile.
	 * @return the gauge's maximum
	 */
	private double repeat(int times, Runnable task, Supplier<Double> gauge) {
		AtomicInteger left = new AtomicInteger(times);
		ExecutorService pool = Executors.newFixedThreadPool(this.settings.httpClients());
		List<Future<?>> futures = new ArrayList<>();
		for (int i = 0; i < this.settings.httpClients(); i++) {
			futures.add(pool.submit(() -> {
				while (left.getAndDecrement() > 0) {
					task.run();
				}
			}));
		}
		pool.shutdown();
		double max = 0;
		try {
			while (!pool.awaitTermination(50, TimeUnit.MILLISECONDS)) {
				max = Math.max(max, gauge.get());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		futures.forEach(Bench::join);
		return Math.max(max, gauge.get());
	}

	private static void runThreads(int threads, Runnable task) {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		List<Future<?>> futures = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			futures.add(pool.submit(task));
		}
		pool.shutdown();
		futures.forEach(Bench::join);
	}

	private static void join(Future<?> future) {
		try {
			future.get(600, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("A bench thread failed", ex);
		}
	}

	private static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
		Map<String, Long> delta = new TreeMap<>();
		after.forEach((key, count) -> {
			long value = count - before.getOrDefault(key, 0L);
			if (value > 0) {
				delta.put(key, value);
			}
		});
		return delta;
	}

	private static <B extends AwsClientBuilder<B, C>, C> C client(Supplier<B> builder, URI endpoint) {
		return builder.get()
			.endpointOverride(endpoint)
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
			.build();
	}

	private static void log(String message) {
		System.out.println("[bench " + Instant.now() + "] " + message);
	}

}
