package dev.fanoutlab.topology;

import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Command line entry point: provisions the Fanout Lab topology on the endpoint the AWS
 * SDK is configured for, and prints the addresses as {@code KEY=value} lines.
 * <p>
 * The SDK reads {@code AWS_ENDPOINT_URL}, {@code AWS_REGION} and credentials from the
 * environment. {@code FANOUT_LAB_MAX_RECEIVE_COUNT} overrides the redrive count. S3 is
 * addressed by path when {@code AWS_ENDPOINT_URL} is set, as an emulator needs.
 */
public final class ProvisionTopology {

	private ProvisionTopology() {
	}

	public static void main(String[] args) {
		String maxReceiveCount = System.getenv("FANOUT_LAB_MAX_RECEIVE_COUNT");
		Topology topology = (maxReceiveCount != null) ? Topology.fanoutLab(Integer.parseInt(maxReceiveCount))
				: Topology.fanoutLab();
		try (SnsClient sns = SnsClient.create();
				SqsClient sqs = SqsClient.create();
				DynamoDbClient dynamoDb = DynamoDbClient.create();
				S3Client s3 = S3Client.builder()
					// an emulator at AWS_ENDPOINT_URL has no bucket host names
					.forcePathStyle(System.getenv("AWS_ENDPOINT_URL") != null)
					.build()) {
			ProvisionedTopology provisioned = new Provisioner(sns, sqs, dynamoDb).provision(topology);
			System.out.println("ORDERS_TOPIC_ARN=" + provisioned.topicArn());
			System.out.println("ORDERS_FIFO_TOPIC_ARN=" + provisioned.fifoTopicArn());
			System.out
				.println("PAYLOAD_BUCKET=" + new PayloadBucketProvisioner(s3).provision(PayloadBucket.fanoutLab()));
			provisioned.queueUrls()
				.entrySet()
				.stream()
				.sorted(Map.Entry.comparingByKey())
				.forEach((queue) -> System.out.println("QUEUE_URL_"
						+ queue.getKey().toUpperCase().replace('-', '_').replace('.', '_') + "=" + queue.getValue()));
		}
	}

}
