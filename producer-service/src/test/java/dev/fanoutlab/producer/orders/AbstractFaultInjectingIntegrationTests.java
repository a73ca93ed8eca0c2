package dev.fanoutlab.producer.orders;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.fanoutlab.testsupport.LocalAws;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * The producer against the local AWS backend, with SNS and DynamoDB each reached through
 * a {@link FaultyEndpoint} (so a test can take one down, or make it hang, while the other
 * works), a {@link MutableClock}, {@link ScriptedIdempotencyKeys} around the real keys,
 * short SDK timeouts and a small SNS message limit. Every subclass shares one application
 * context.
 * <p>
 * Publishes are counted on a queue of the tests' own, subscribed to the topic with raw
 * delivery and no filter: moto delivers inside Publish, so it holds exactly what was
 * published when a request returns.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(AbstractFaultInjectingIntegrationTests.Faults.class)
abstract class AbstractFaultInjectingIntegrationTests {

	protected static final LocalAws aws = LocalAws.get();

	protected static final FaultyEndpoint sns = FaultyEndpoint.forwardingTo(aws.endpoint());

	protected static final FaultyEndpoint dynamoDb = FaultyEndpoint.forwardingTo(aws.endpoint());

	/** The DynamoDB client's call timeout in these tests. */
	protected static final Duration DYNAMODB_CALL_TIMEOUT = Duration.ofSeconds(3);

	/**
	 * The SNS client's call timeout in these tests; a subclass may set
	 * {@code fanout-lab.test.sns.api-call-timeout} and
	 * {@code fanout-lab.test.sns.api-call-attempt-timeout} (with
	 * {@code @TestPropertySource}) to run with others, in a context of its own.
	 */
	protected static final Duration SNS_CALL_TIMEOUT = Duration.ofSeconds(4);

	/**
	 * The largest event published in these tests
	 * ({@code fanout-lab.messaging.max-message-size}): a 40-line order's event exceeds
	 * it.
	 */
	protected static final String MAX_MESSAGE_SIZE = "3KB";

	protected static final String LEASE = "30s";

	private static final String PUBLISHED_QUEUE = "producer-tests-published";

	private static String publishedQueueUrl;

	/** The longest SQS allows: no message comes back while a long drain runs. */
	private static final int MAX_VISIBILITY = 43200;

	@DynamicPropertySource
	static void aws(DynamicPropertyRegistry registry) {
		aws.registerProperties(registry);
		registry.add("spring.cloud.aws.sns.endpoint", () -> sns.endpoint().toString());
		registry.add("spring.cloud.aws.dynamodb.endpoint", () -> dynamoDb.endpoint().toString());
		registry.add("fanout-lab.messaging.topic-arn", () -> aws.provisioned().topicArn());
		registry.add("fanout-lab.messaging.fifo-topic-arn", () -> aws.provisioned().fifoTopicArn());
		registry.add("fanout-lab.messaging.max-message-size", () -> MAX_MESSAGE_SIZE);
		registry.add("fanout-lab.idempotency.lease", () -> LEASE);
		registry.add("fanout-lab.aws.dynamodb.api-call-timeout", DYNAMODB_CALL_TIMEOUT::toString);
		registry.add("fanout-lab.aws.dynamodb.api-call-attempt-timeout", () -> "PT1.5S");
		registry.add("fanout-lab.aws.sns.api-call-timeout",
				() -> "${fanout-lab.test.sns.api-call-timeout:" + SNS_CALL_TIMEOUT + "}");
		registry.add("fanout-lab.aws.sns.api-call-attempt-timeout",
				() -> "${fanout-lab.test.sns.api-call-attempt-timeout:PT2S}");
	}

	@LocalServerPort
	protected int port;

	@Autowired
	protected JsonMapper json;

	@Autowired
	protected MutableClock clock;

	@Autowired
	protected ScriptedIdempotencyKeys idempotencyKeys;

	@Autowired
	protected MeterRegistry meters;

	protected RestClient http;

	@BeforeEach
	void startClean() {
		sns.mode(FaultyEndpoint.Mode.PASS);
		dynamoDb.mode(FaultyEndpoint.Mode.PASS);
		aws.reset();
		subscribePublishedQueue();
		aws.sqs().purgeQueue((request) -> request.queueUrl(publishedQueueUrl));
		this.idempotencyKeys.reset();
		// The JDK client: Apache HttpClient 5 (behind Http.client) re-sends a request
		// answered 503 with Retry-After, which would hide the 503s under test.
		this.http = RestClient.builder()
			.requestFactory(new JdkClientHttpRequestFactory())
			.baseUrl("http://localhost:" + this.port)
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	@AfterEach
	void heal() {
		sns.mode(FaultyEndpoint.Mode.PASS);
		dynamoDb.mode(FaultyEndpoint.Mode.PASS);
	}

	private static synchronized void subscribePublishedQueue() {
		if (publishedQueueUrl != null) {
			return;
		}
		publishedQueueUrl = aws.sqs().createQueue((request) -> request.queueName(PUBLISHED_QUEUE)).queueUrl();
		String queueArn = aws.sqs()
			.getQueueAttributes(
					(request) -> request.queueUrl(publishedQueueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
			.attributes()
			.get(QueueAttributeName.QUEUE_ARN);
		aws.sns()
			.subscribe((request) -> request.topicArn(aws.provisioned().topicArn())
				.protocol("sqs")
				.endpoint(queueArn)
				.attributes(Map.of("RawMessageDelivery", "true")));
	}

	/**
	 * How many events were published since the test started.
	 * @return the count, exact on moto
	 */
	protected static int publishedCount() {
		return aws.sqs()
			.getQueueAttributes((request) -> request.queueUrl(publishedQueueUrl)
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
			.attributes()
			.values()
			.stream()
			.mapToInt(Integer::parseInt)
			.sum();
	}

	/**
	 * The events published since the test started, as JSON, each received once (they stay
	 * in flight afterwards).
	 * @return every event
	 */
	protected List<JsonNode> publishedEvents() {
		List<JsonNode> events = new ArrayList<>();
		List<Message> batch;
		do {
			batch = aws.sqs()
				.receiveMessage((request) -> request.queueUrl(publishedQueueUrl)
					.maxNumberOfMessages(10)
					.visibilityTimeout(MAX_VISIBILITY))
				.messages();
			batch.forEach((message) -> events.add(this.json.readTree(message.body())));
		}
		while (!batch.isEmpty());
		return events;
	}

	protected double publishFailures() {
		var counter = this.meters.find("fanoutlab.events.published").tag("outcome", "failure").counter();
		return (counter != null) ? counter.count() : 0;
	}

	protected ResponseEntity<JsonNode> post(String body, Map<String, String> headers) {
		return this.http.post()
			.uri("/api/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.headers((h) -> headers.forEach(h::set))
			.body(body)
			.retrieve()
			.toEntity(JsonNode.class);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Faults {

		@Bean
		@Primary
		MutableClock mutableClock() {
			return new MutableClock();
		}

		@Bean
		static BeanPostProcessor scriptedIdempotencyKeys() {
			return new BeanPostProcessor() {
				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					return (bean instanceof IdempotencyKeys keys && !(bean instanceof ScriptedIdempotencyKeys))
							? new ScriptedIdempotencyKeys(keys) : bean;
				}
			};
		}

	}

}
