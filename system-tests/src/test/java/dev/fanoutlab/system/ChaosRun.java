package dev.fanoutlab.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.fanoutlab.system.ChaosTally.Faults;
import dev.fanoutlab.system.ChaosTally.Fulfilled;
import dev.fanoutlab.testsupport.LocalAws;
import dev.fanoutlab.testsupport.MotoServer;
import dev.fanoutlab.testsupport.Ports;
import dev.fanoutlab.topology.ProvisionedTopology;
import dev.fanoutlab.topology.Provisioner;
import dev.fanoutlab.topology.Topology;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A chaos run on the {@code make demo} topology, all of its own and all on 127.0.0.1: a
 * moto_server on a free port with the topology provisioned, a GreenMail SMTP server, the
 * producer, two consumer-service instances and one notifier-service, each a process from
 * its jar with the {@code local} profile.
 * <p>
 * While the orders are placed, a random consumer instance (of those serving) is SIGKILLed
 * and started again about every {@link ChaosSettings#killEvery()}, the notifier is
 * SIGKILLed once (at a quarter of the run) and started again, and the emulator is frozen
 * with SIGSTOP for {@link ChaosSettings#freeze()} (at 60 % of the run) and thawed with
 * SIGCONT. After the last order the run waits until every queue is empty with nothing in
 * flight, then counts the effects in the stores ({@link ChaosTally}), and checks that
 * every fault happened: a failed injection fails the run.
 * <p>
 * {@link #close()} stops everything the run started, whatever happened.
 */
final class ChaosRun implements AutoCloseable {

	private static final String FULFILMENT = "order-fulfilment";

	private static final String NOTIFICATIONS = "order-notifications";

	/**
	 * A request sent at least this long before the thaw outlasts the producer's AWS
	 * timeouts (DynamoDB 3 s, SNS 5 s in its application.yml) within the freeze, so it is
	 * answered 503.
	 */
	private static final Duration PRODUCER_GIVES_UP = Duration.ofSeconds(4);

	private final ChaosSettings settings;

	private final Path dir;

	private final String run = "chaos-" + UUID.randomUUID().toString().substring(0, 6);

	private final Random random;

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final Map<String, Object> figures = new LinkedHashMap<>();

	private final Set<String> sentAtCrash = new HashSet<>();

	private final AtomicInteger consumerKills = new AtomicInteger();

	private final AtomicInteger notifierKills = new AtomicInteger();

	private final AtomicInteger consumerKillsSkipped = new AtomicInteger();

	private final List<String> failedInjections = new CopyOnWriteArrayList<>();

	private volatile long frozenAt;

	private volatile long thawedAt;

	private final List<String> events = new ArrayList<>();

	private MotoServer moto;

	private GreenMail smtp;

	private SnsClient sns;

	private SqsClient sqs;

	private DynamoDbClient dynamoDb;

	private ProvisionedTopology topology;

	private ServiceProcess producer;

	private final List<ServiceProcess> consumers = new ArrayList<>();

	private ServiceProcess notifier;

	private ScheduledExecutorService chaos;

	private long started;

	private final Thread cleanUp = new Thread(this::close, "chaos-clean-up");

	ChaosRun(ChaosSettings settings, Path dir) {
		this.settings = settings;
		this.dir = dir;
		this.random = new Random(settings.seed());
	}

	/**
	 * Run it: start the system, place the orders under faults, drain, count.
	 * @return the verdict
	 */
	ChaosTally run() throws Exception {
		Files.createDirectories(this.dir);
		Runtime.getRuntime().addShutdownHook(this.cleanUp);
		startTheSystem();
		ChaosOrders orders = new ChaosOrders(this.settings, URI.create("http://127.0.0.1:" + this.producer.port()),
				this.run);
		say("placing %d orders at %.1f/s (%d poison, seed %d)", this.settings.orders(), this.settings.rate(),
				orders.orders().stream().filter((order) -> order.poison).count(), this.settings.seed());
		this.started = System.nanoTime();
		scheduleFaults();
		AtomicInteger progress = new AtomicInteger();
		orders.placeAll(() -> say("%d0 %% placed, %d accepted", progress.incrementAndGet(), orders.accepted()));
		Duration placing = elapsed();
		stopFaults();
		say("placed in %d s; draining", placing.toSeconds());
		long drainStart = System.nanoTime();
		boolean drained = drain();
		Duration drain = Duration.ofNanos(System.nanoTime() - drainStart);
		say("%s in %d s; counting the effects", drained ? "drained" : "NOT drained", drain.toSeconds());
		// Every instance killed was started again and serves.
		services().parallel().forEach(ServiceProcess::awaitHealthy);

		Faults faults = faults(orders);
		ChaosTally tally = new ChaosTally(orders.orders(), fulfilments(), recipients(),
				correlationIds(FULFILMENT + "-dlq"), correlationIds(NOTIFICATIONS + "-dlq"), this.sentAtCrash, drained,
				faults);
		this.figures.put("run", this.run);
		this.figures.put("seed", this.settings.seed());
		this.figures.put("orders", this.settings.orders());
		this.figures.put("rate_target_per_s", this.settings.rate());
		this.figures.put("rate_achieved_per_s",
				String.format(Locale.ROOT, "%.2f", this.settings.orders() * 1000.0 / Math.max(1, placing.toMillis())));
		this.figures.put("placing_s", placing.toSeconds());
		this.figures.put("consumer_kills", this.consumerKills.get());
		this.figures.put("consumer_kills_skipped", this.consumerKillsSkipped.get());
		this.figures.put("notifier_kills", this.notifierKills.get());
		this.figures.put("freeze_s", this.settings.freeze().toMillis() / 1000.0);
		this.figures.put("frozen_s", faults.frozen().toMillis() / 1000.0);
		this.figures.put("requests_early_in_freeze", faults.sentEarlyInFreeze());
		this.figures.put("answers_503_early_in_freeze", faults.unavailableEarlyInFreeze());
		this.figures.put("failed_injections", this.failedInjections.size());
		this.figures.put("answers_503", orders.unavailable.get());
		this.figures.put("answers_409", orders.conflicts.get());
		this.figures.put("answers_other_5xx", orders.otherStatuses.get());
		this.figures.put("connection_failures", orders.connectionFailures.get());
		this.figures.put("retries", orders.retries.get());
		this.figures.put("orders_retried", orders.orders().stream().filter((order) -> order.attempts > 1).count());
		this.figures.put("max_attempts", orders.orders().stream().mapToInt((order) -> order.attempts).max().orElse(0));
		this.figures.put("drain_s", drain.toSeconds());
		this.figures.put("drained", drained);
		this.figures.put("emailed_twice_after_notifier_crash", tally.emailedTwiceAfterCrash);
		this.figures.put("notifications_still_sending", stillSending());
		this.figures.put("sabotage", this.settings.sabotage().name().toLowerCase(Locale.ROOT));
		writeFigures(tally);
		return tally;
	}

	private void startTheSystem() {
		// GreenMail logs every new mailbox at INFO: thousands of lines.
		if (LoggerFactory.getLogger("com.icegreen") instanceof Logger logger) {
			logger.setLevel(Level.WARN);
		}
		say("starting moto_server, GreenMail, producer, 2 x consumer, notifier (logs in %s)",
				this.dir.toAbsolutePath());
		this.moto = MotoServer.startOnFreePort();
		this.sns = client(SnsClient::builder);
		this.sqs = client(SqsClient::builder);
		this.dynamoDb = client(DynamoDbClient::builder);
		this.topology = new Provisioner(this.sns, this.sqs, this.dynamoDb).provision(Topology.fanoutLab());
		this.smtp = new GreenMail(new ServerSetup(Ports.free(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
			.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
		this.smtp.start();
		Map<String, String> environment = Map.of("AWS_ENDPOINT_URL", this.moto.endpoint().toString(),
				"ORDERS_TOPIC_ARN", this.topology.topicArn(), "SMTP_HOST", "127.0.0.1", "SMTP_PORT",
				Integer.toString(this.smtp.getSmtp().getPort()));
		this.producer = new ServiceProcess("producer-service", environment, this.dir.resolve("producer-service.log"));
		for (int instance = 1; instance <= 2; instance++) {
			this.consumers.add(new ServiceProcess("consumer-service", environment,
					this.dir.resolve("consumer-service-" + instance + ".log")));
		}
		this.notifier = new ServiceProcess("notifier-service", environment, this.dir.resolve("notifier-service.log"));
		services().forEach(this::start);
		services().parallel().forEach(ServiceProcess::awaitHealthy);
	}

	private Stream<ServiceProcess> services() {
		return Stream.concat(Stream.of(this.producer, this.notifier), this.consumers.stream());
	}

	private void start(ServiceProcess service) {
		service.start("--server.address=127.0.0.1");
	}

	private void scheduleFaults() {
		this.chaos = Executors.newSingleThreadScheduledExecutor((task) -> new Thread(task, "chaos"));
		long placing = this.settings.placing().toMillis();
		long mean = this.settings.killEvery().toMillis();
		long at = 0;
		while (true) {
			at += (long) (mean * (0.75 + this.random.nextDouble() / 2));
			if (at >= placing) {
				break;
			}
			this.chaos.schedule(fault(this::killAConsumer), at, TimeUnit.MILLISECONDS);
		}
		this.chaos.schedule(fault(this::killTheNotifier), placing / 4, TimeUnit.MILLISECONDS);
		if (!this.settings.freeze().isZero()) {
			this.chaos.schedule(fault(this::freezeTheEmulator), placing * 6 / 10, TimeUnit.MILLISECONDS);
		}
		if (this.settings.sabotage() != ChaosSettings.Sabotage.NONE) {
			this.chaos.schedule(fault(this::sabotage), placing / 2, TimeUnit.MILLISECONDS);
		}
	}

	private Runnable fault(Runnable fault) {
		return () -> {
			try {
				fault.run();
			}
			catch (RuntimeException ex) {
				this.failedInjections.add(ex.toString());
				say("fault injection failed: %s", ex);
			}
		};
	}

	/**
	 * The faults that happened; requests count as early in the freeze when sent after the
	 * SIGSTOP and at least {@link #PRODUCER_GIVES_UP} before the SIGCONT.
	 */
	private Faults faults(ChaosOrders orders) {
		long from = this.frozenAt;
		long to = this.thawedAt;
		Duration frozen = (from != 0 && to != 0) ? Duration.ofNanos(to - from) : Duration.ZERO;
		int early = 0;
		int unavailable = 0;
		if (!frozen.isZero()) {
			for (ChaosOrders.Attempt attempt : orders.attempts) {
				if (attempt.sentNanos() - from >= 0 && to - attempt.sentNanos() >= PRODUCER_GIVES_UP.toNanos()) {
					early++;
					if (attempt.status() == 503) {
						unavailable++;
					}
				}
			}
		}
		return new Faults(this.consumerKills.get(), this.notifierKills.get(), this.settings.freeze(), frozen, early,
				unavailable, List.copyOf(this.failedInjections));
	}

	/**
	 * SIGKILL a random consumer instance among those serving (one still starting after
	 * its last kill has nothing in flight to lose), and start it again.
	 */
	private void killAConsumer() {
		List<Integer> serving = new ArrayList<>();
		for (int instance = 0; instance < this.consumers.size(); instance++) {
			if (serving(this.consumers.get(instance))) {
				serving.add(instance);
			}
		}
		if (serving.isEmpty()) {
			// Not a failure by itself; the verdict needs at least one kill in the run.
			this.consumerKillsSkipped.incrementAndGet();
			say("no consumer-service instance serves yet: no kill this time");
			return;
		}
		int instance = serving.get(this.random.nextInt(serving.size()));
		ServiceProcess consumer = this.consumers.get(instance);
		long pid = consumer.pid();
		consumer.kill();
		this.consumerKills.incrementAndGet();
		say("SIGKILL consumer-service-%d (pid %d); starting it again", instance + 1, pid);
		start(consumer);
	}

	private boolean serving(ServiceProcess service) {
		if (!service.isAlive()) {
			return false;
		}
		try {
			return this.http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/actuator/health"))
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * SIGKILL the notifier. Notifications it had sent but not marked sent yet (claims not
	 * {@code SENT} whose email is in the mailbox) are sent again after the claim goes
	 * stale: the documented at-least-once window, which the tally allows for exactly
	 * those recipients.
	 */
	private void killTheNotifier() {
		long pid = this.notifier.isAlive() ? this.notifier.pid() : -1;
		this.notifier.kill();
		this.notifierKills.incrementAndGet();
		Set<String> mailed = new HashSet<>(recipients());
		List<String> sending = new ArrayList<>();
		scan("fanout-lab-notifications", (item) -> {
			if (!"SENT".equals(text(item, "status"))) {
				sending.add(text(item, "recipient").toLowerCase(Locale.ROOT));
			}
		});
		sending.stream().filter(mailed::contains).forEach(this.sentAtCrash::add);
		say("SIGKILL notifier-service (pid %d): %d claim(s) in flight, %d of them already emailed; starting it again",
				pid, sending.size(), this.sentAtCrash.size());
		start(this.notifier);
	}

	private void freezeTheEmulator() {
		long pid = this.moto.pid();
		signal("STOP", pid);
		long stopped = System.nanoTime();
		say("SIGSTOP moto_server (pid %d) for %d ms", pid, this.settings.freeze().toMillis());
		try {
			long until = System.nanoTime() + this.settings.freeze().toNanos();
			for (long left = until - System.nanoTime(); left > 0
					&& !Thread.currentThread().isInterrupted(); left = until - System.nanoTime()) {
				LockSupport.parkNanos(left);
			}
		}
		finally {
			thaw();
			// Only a freeze that ended with a SIGCONT counts (a failed thaw throws).
			this.frozenAt = stopped;
			this.thawedAt = System.nanoTime();
			say("SIGCONT moto_server");
		}
	}

	private synchronized void thaw() {
		if (this.moto != null && this.moto.isRunning()) {
			signal("CONT", this.moto.pid());
		}
	}

	/** A deliberate fault, to show the verdict catches it. */
	private void sabotage() {
		String queue = this.topology.queueUrl(FULFILMENT);
		long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < until) {
			for (Message message : this.sqs
				.receiveMessage((request) -> request.queueUrl(queue)
					.maxNumberOfMessages(1)
					.waitTimeSeconds(1)
					.visibilityTimeout(30)
					.messageAttributeNames("All"))
				.messages()) {
				JsonNode event = this.json.readTree(message.body());
				boolean suitable = !message.body().contains("UNICORN-1")
						&& event.get("notifyCustomer").asBoolean(false);
				if (!suitable) {
					this.sqs.changeMessageVisibility((request) -> request.queueUrl(queue)
						.receiptHandle(message.receiptHandle())
						.visibilityTimeout(0));
					continue;
				}
				String marker = event.get("correlationId").asString();
				if (this.settings.sabotage() == ChaosSettings.Sabotage.LOSE) {
					this.sqs.deleteMessage((request) -> request.queueUrl(queue).receiptHandle(message.receiptHandle()));
					say("SABOTAGE: deleted the fulfilment message of %s", marker);
				}
				else {
					this.sqs.changeMessageVisibility((request) -> request.queueUrl(queue)
						.receiptHandle(message.receiptHandle())
						.visibilityTimeout(0));
					String copy = message.body()
						.replace(event.get("orderId").asString(), UUID.randomUUID().toString())
						.replace(event.get("eventId").asString(), UUID.randomUUID().toString());
					Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
					message.messageAttributes()
						.forEach((name, value) -> attributes.put(name,
								MessageAttributeValue.builder()
									.dataType(value.dataType())
									.stringValue(value.stringValue())
									.build()));
					this.sns.publish((request) -> request.topicArn(this.topology.topicArn())
						.message(copy)
						.messageAttributes(attributes));
					say("SABOTAGE: published %s again under new ids", marker);
				}
				return;
			}
		}
		say("SABOTAGE: found no message to sabotage within 60 s");
	}

	private void stopFaults() throws InterruptedException {
		this.chaos.shutdownNow();
		if (!this.chaos.awaitTermination(60, TimeUnit.SECONDS)) {
			say("a fault injection did not end within 60 s");
		}
		thaw();
	}

	/**
	 * Wait until both queues hold nothing, visible, in flight or delayed, three polls in
	 * a row.
	 * @return whether they did within the drain timeout
	 */
	private boolean drain() {
		long until = System.nanoTime() + this.settings.drainTimeout().toNanos();
		int empty = 0;
		long lastSaid = 0;
		while (System.nanoTime() < until) {
			int fulfilment = messages(FULFILMENT);
			int notifications = messages(NOTIFICATIONS);
			empty = (fulfilment + notifications == 0) ? empty + 1 : 0;
			if (empty >= 3) {
				return true;
			}
			if (lastSaid == 0 || System.nanoTime() - lastSaid > Duration.ofSeconds(15).toNanos()) {
				say("draining: %d in %s, %d in %s", fulfilment, FULFILMENT, notifications, NOTIFICATIONS);
				lastSaid = System.nanoTime();
			}
			LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
		}
		return false;
	}

	private int messages(String queue) {
		Map<QueueAttributeName, String> attributes = this.sqs
			.getQueueAttributes((request) -> request.queueUrl(this.topology.queueUrl(queue))
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
			.attributes();
		return attributes.values().stream().mapToInt(Integer::parseInt).sum();
	}

	private List<Fulfilled> fulfilments() {
		List<Fulfilled> rows = new ArrayList<>();
		scan("fanout-lab-fulfilments", (item) -> rows
			.add(new Fulfilled(text(item, "correlationId"), text(item, "orderId"), text(item, "eventId"))));
		return rows;
	}

	private long stillSending() {
		List<String> sending = new ArrayList<>();
		scan("fanout-lab-notifications", (item) -> {
			if (!"SENT".equals(text(item, "status"))) {
				sending.add(text(item, "eventId"));
			}
		});
		return sending.size();
	}

	private void scan(String table, Consumer<Map<String, AttributeValue>> each) {
		this.dynamoDb.scanPaginator((request) -> request.tableName(table).consistentRead(true)).items().forEach(each);
	}

	private static String text(Map<String, AttributeValue> item, String attribute) {
		AttributeValue value = item.get(attribute);
		return (value != null && value.s() != null) ? value.s() : "";
	}

	/** Every recipient of every email GreenMail received, one entry per email. */
	private List<String> recipients() {
		List<String> recipients = new ArrayList<>();
		for (MimeMessage message : this.smtp.getReceivedMessages()) {
			try {
				for (Address address : message.getAllRecipients()) {
					recipients.add(address.toString().toLowerCase(Locale.ROOT));
				}
			}
			catch (MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return recipients;
	}

	/**
	 * The correlation id of every message in a queue (raw or in an SNS envelope), read
	 * without consuming: each stays invisible until the run ends.
	 */
	private List<String> correlationIds(String queue) {
		String url = this.topology.queueUrl(queue);
		List<String> ids = new ArrayList<>();
		int empty = 0;
		for (int receive = 0; receive < 10_000 && empty < 3; receive++) {
			List<Message> messages = this.sqs
				.receiveMessage((request) -> request.queueUrl(url)
					.maxNumberOfMessages(10)
					.waitTimeSeconds(1)
					.visibilityTimeout(900)
					.messageAttributeNames("All"))
				.messages();
			empty = messages.isEmpty() ? empty + 1 : 0;
			for (Message message : messages) {
				var attribute = message.messageAttributes().get("correlationId");
				ids.add((attribute != null) ? attribute.stringValue() : correlationIdOf(message.body()));
			}
		}
		return ids;
	}

	private String correlationIdOf(String body) {
		try {
			JsonNode node = this.json.readTree(body);
			if (node.has("Message") && node.has("TopicArn")) {
				node = this.json.readTree(node.get("Message").asString());
			}
			return node.has("correlationId") ? node.get("correlationId").asString() : "unreadable: " + body;
		}
		catch (RuntimeException ex) {
			return "unreadable: " + body;
		}
	}

	private void writeFigures(ChaosTally tally) throws IOException {
		StringBuilder text = new StringBuilder();
		this.figures.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
		tally.problems.forEach((problem) -> text.append("problem: ").append(problem).append('\n'));
		this.events.forEach((event) -> text.append("event: ").append(event).append('\n'));
		text.append(tally.line()).append('\n');
		Files.writeString(this.dir.resolve("figures.txt"), text);
		Files.writeString(this.dir.resolve("result.txt"), tally.line() + "\n");
	}

	private void say(String format, Object... arguments) {
		String message = String.format(Locale.ROOT, format, arguments);
		String line = (this.started == 0) ? message
				: String.format(Locale.ROOT, "+%5.1fs %s", elapsed().toMillis() / 1000.0, message);
		synchronized (this.events) {
			this.events.add(line);
		}
		System.out.println("chaos> " + line);
	}

	private Duration elapsed() {
		return Duration.ofNanos(System.nanoTime() - this.started);
	}

	private static void signal(String signal, long pid) {
		List<Long> pids = new ArrayList<>();
		pids.add(pid);
		ProcessHandle.of(pid).ifPresent((process) -> process.descendants().forEach((child) -> pids.add(child.pid())));
		for (long each : pids) {
			try {
				Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(each)).inheritIO().start();
				if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
					throw new IllegalStateException("kill -" + signal + " " + each + " failed");
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private <B extends AwsClientBuilder<B, C>, C> C client(Supplier<B> builder) {
		return builder.get()
			.endpointOverride(this.moto.endpoint())
			.region(Region.of(LocalAws.REGION))
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
			.overrideConfiguration((config) -> config.apiCallTimeout(Duration.ofSeconds(30)))
			.build();
	}

	/** Stop everything this run started, whatever state it is in. */
	@Override
	public synchronized void close() {
		if (Thread.currentThread() != this.cleanUp) {
			try {
				Runtime.getRuntime().removeShutdownHook(this.cleanUp);
			}
			catch (IllegalStateException ex) {
				// the JVM is shutting down: the hook runs this too, harmlessly
			}
		}
		if (this.chaos != null) {
			this.chaos.shutdownNow();
			try {
				this.chaos.awaitTermination(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		try {
			thaw();
		}
		catch (RuntimeException ex) {
			say("could not thaw moto_server: %s", ex);
		}
		List<ServiceProcess> all = new ArrayList<>(this.consumers);
		Stream.of(this.producer, this.notifier).filter(Objects::nonNull).forEach(all::add);
		all.parallelStream().forEach(ServiceProcess::kill);
		Stream.of(this.sns, this.sqs, this.dynamoDb).filter(Objects::nonNull).forEach((client) -> {
			try {
				((AutoCloseable) client).close();
			}
			catch (Exception ex) {
				// closing a client of a stopped emulator
			}
		});
		if (this.moto != null) {
			this.moto.stop();
		}
		if (this.smtp != null) {
			this.smtp.stop();
		}
	}

}
