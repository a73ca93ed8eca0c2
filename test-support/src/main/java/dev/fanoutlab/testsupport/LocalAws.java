package dev.fanoutlab.testsupport;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import dev.fanoutlab.topology.PayloadBucket;
import dev.fanoutlab.topology.PayloadBucketProvisioner;
import dev.fanoutlab.topology.ProvisionedTopology;
import dev.fanoutlab.topology.Provisioner;
import dev.fanoutlab.topology.Topology;
import org.testcontainers.localstack.LocalStackContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The local AWS backend of a test run, shared by every test in the JVM, with the Fanout
 * Lab topology provisioned on it.
 * <p>
 * Which backend: the endpoint in {@code AWS_ENDPOINT_URL} if set; else LocalStack
 * (Testcontainers, pinned to {@value #LOCALSTACK_IMAGE}) when
 * {@code -Dfanoutlab.backend=localstack} and Docker runs; else a {@code moto_server} of
 * its own on a free port.
 */
public final class LocalAws {

	/** The LocalStack image the LocalStack backend runs. */
	public static final String LOCALSTACK_IMAGE = "localstack/localstack:4.14.0";

	/** The region every client of the local backend uses. */
	public static final String REGION = "us-east-1";

	private static LocalAws instance;

	private final URI endpoint;

	private final MotoServer moto;

	private final Topology topology = Topology.fanoutLab();

	private final SnsClient sns;

	private final SqsClient sqs;

	private final DynamoDbClient dynamoDb;

	private final S3Client s3;

	private ProvisionedTopology provisioned;

	private LocalAws(URI endpoint, MotoServer moto) {
		this.endpoint = endpoint;
		this.moto = moto;
		this.sns = client(SnsClient::builder);
		this.sqs = client(SqsClient::builder);
		this.dynamoDb = client(DynamoDbClient::builder);
		// an emulator has no bucket host names: address buckets by path
		this.s3 = client(() -> S3Client.builder().forcePathStyle(true));
	}

	/**
	 * The backend of this JVM, started and provisioned on first use.
	 * @return the backend
	 */
	public static synchronized LocalAws get() {
		if (instance == null) {
			instance = start();
			instance.provision();
		}
		return instance;
	}

	private static LocalAws start() {
		String endpoint = System.getenv("AWS_ENDPOINT_URL");
		if (endpoint != null && !endpoint.isBlank()) {
			return new LocalAws(URI.create(endpoint), null);
		}
		if ("localstack".equals(System.getProperty("fanoutlab.backend"))) {
			LocalStackContainer localStack = new LocalStackContainer(LOCALSTACK_IMAGE);
			String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
			if (token != null) {
				localStack.withEnv("LOCALSTACK_AUTH_TOKEN", token);
			}
			localStack.start();
			return new LocalAws(localStack.getEndpoint(), null);
		}
		MotoServer moto = MotoServer.startOnFreePort();
		return new LocalAws(moto.endpoint(), moto);
	}

	/**
	 * Provision the topology (idempotent) and empty every queue, so a test starts clean.
	 * @return the provisioned topology
	 */
	public synchronized ProvisionedTopology reset() {
		provision();
		new Provisioner(this.sns, this.sqs, this.dynamoDb).purgeQueues(this.provisioned);
		return this.provisioned;
	}

	public synchronized ProvisionedTopology provision() {
		this.provisioned = new Provisioner(this.sns, this.sqs, this.dynamoDb).provision(this.topology);
		new PayloadBucketProvisioner(this.s3).provision(PayloadBucket.fanoutLab());
		return this.provisioned;
	}

	/**
	 * Stop the backend, as an outage would. Only a backend this class started can stop.
	 */
	public void stop() {
		requireOwnBackend().stop();
	}

	/**
	 * Start the backend again after {@link #stop()}, and provision it: its state was
	 * lost.
	 */
	public void restart() {
		requireOwnBackend().start();
		provision();
	}

	/**
	 * Whether {@link #stop()} and {@link #restart()} are possible.
	 * @return {@code true} for a moto_server this class started
	 */
	public boolean canRestart() {
		return this.moto != null;
	}

	/**
	 * Point a Spring Cloud AWS application at this backend.
	 * @param registry the registry of a {@code @DynamicPropertySource} method
	 */
	public void registerProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.aws.endpoint", this.endpoint::toString);
		registry.add("spring.cloud.aws.region.static", () -> REGION);
		registry.add("spring.cloud.aws.credentials.access-key", () -> "test");
		registry.add("spring.cloud.aws.credentials.secret-key", () -> "test");
		registry.add("spring.cloud.aws.s3.path-style-access-enabled", () -> "true");
	}

	/**
	 * Publish to the topic, as the producer does.
	 * @param body the message
	 * @param attributes string message attributes, such as {@code notifyCustomer}
	 */
	public void publish(String body, Map<String, String> attributes) {
		Map<String, MessageAttributeValue> values = new HashMap<>();
		attributes.forEach((name, value) -> values.put(name,
				MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
		this.sns
			.publish((request) -> request.topicArn(provisioned().topicArn()).message(body).messageAttributes(values));
	}

	/**
	 * Messages waiting in a queue, visible to consumers.
	 * @param queue the queue name
	 * @return approximate count (exact on moto)
	 */
	public int visibleMessages(String queue) {
		return queueCount(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
	}

	/**
	 * Messages received by a consumer and neither deleted nor visible again yet.
	 * @param queue the queue name
	 * @return approximate count (exact on moto)
	 */
	public int inFlightMessages(String queue) {
		return queueCount(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
	}

	/**
	 * Messages in a queue, visible or in flight.
	 * @param queue the queue name
	 * @return approximate count (exact on moto)
	 */
	public int messages(String queue) {
		return visibleMessages(queue) + inFlightMessages(queue);
	}

	private int queueCount(String queue, QueueAttributeName attribute) {
		return Integer.parseInt(this.sqs
			.getQueueAttributes((request) -> request.queueUrl(provisioned().queueUrl(queue)).attributeNames(attribute))
			.attributes()
			.get(attribute));
	}

	public URI endpoint() {
		return this.endpoint;
	}

	public Topology topology() {
		return this.topology;
	}

	public synchronized ProvisionedTopology provisioned() {
		return this.provisioned;
	}

	public SnsClient sns() {
		return this.sns;
	}

	public SqsClient sqs() {
		return this.sqs;
	}

	public DynamoDbClient dynamoDb() {
		return this.dynamoDb;
	}

	/**
	 * S3, addressed by path; the {@link PayloadBucket} of the claim check exists.
	 * @return the client
	 */
	public S3Client s3() {
		return this.s3;
	}

	private MotoServer requireOwnBackend() {
		if (this.moto == null) {
			throw new IllegalStateException("The backend at " + this.endpoint + " was not started by the tests");
		}
		return this.moto;
	}

	private <B extends AwsClientBuilder<B, C>, C> C client(Supplier<B> builder) {
		return builder.get()
			.endpointOverride(this.endpoint)
			.region(Region.of(REGION))
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
			.build();
	}

}
