package dev.fanoutlab.deployment;

import java.util.List;
import java.util.Map;

import dev.fanoutlab.topology.PayloadBucket;
import org.junit.jupiter.api.Test;

import static dev.fanoutlab.deployment.ComposeFileTests.list;
import static dev.fanoutlab.deployment.ComposeFileTests.map;
import static dev.fanoutlab.deployment.Template.target;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claim check's bucket in {@code infra/}: the same name and expiry as
 * {@link PayloadBucket} (the name completed with account and region, as S3 bucket names
 * are global), encrypted with the messaging key, public access blocked, TLS only; the
 * producer may only put payloads, the readers only get them, in that bucket only.
 */
class PayloadBucketTemplateTests {

	private final Template messaging = Template.of("infra/messaging.yaml");

	private final Template services = Template.of("infra/services.yaml");

	private final PayloadBucket bucket = PayloadBucket.fanoutLab();

	@Test
	void namesTheBucketAfterTheTopologyAndExpiresPayloadsAfterTheSameDays() {
		Map<String, Object> declared = bucket();
		assertThat(String.valueOf(map(declared.get("BucketName")).get("Fn::Sub")))
			.isEqualTo(this.bucket.name() + "-${AWS::AccountId}-${AWS::Region}");
		Map<String, Object> rule = map(list(map(declared.get("LifecycleConfiguration")).get("Rules")).get(0));
		assertThat(rule).containsEntry("Status", "Enabled")
			.containsEntry("ExpirationInDays", (int) this.bucket.expiry().toDays());
	}

	@Test
	void encryptsWithTheMessagingKeyAndBlocksPublicAccess() {
		Map<String, Object> declared = bucket();
		Map<String, Object> encryption = map(
				map(list(map(declared.get("BucketEncryption")).get("ServerSideEncryptionConfiguration")).get(0))
					.get("ServerSideEncryptionByDefault"));
		assertThat(encryption).containsEntry("SSEAlgorithm", "aws:kms");
		assertThat(target(encryption.get("KMSMasterKeyID"))).isEqualTo("MessagingKey");
		assertThat(map(declared.get("PublicAccessBlockConfiguration"))).containsEntry("BlockPublicAcls", true)
			.containsEntry("BlockPublicPolicy", true)
			.containsEntry("IgnorePublicAcls", true)
			.containsEntry("RestrictPublicBuckets", true);
	}

	@Test
	void deniesEveryRequestWithoutTls() {
		Map<String, Object> policy = this.messaging.resources("AWS::S3::BucketPolicy")
			.values()
			.stream()
			.filter((candidate) -> "PayloadBucket".equals(target(candidate.get("Bucket"))))
			.findFirst()
			.orElseThrow(() -> new AssertionError("The payload bucket has no bucket policy"));
		assertThat(list(map(policy.get("PolicyDocument")).get("Statement"))).anySatisfy((item) -> {
			Map<String, Object> statement = map(item);
			assertThat(statement).containsEntry("Effect", "Deny").containsEntry("Action", "s3:*");
			assertThat(map(map(statement.get("Condition")).get("Bool"))).containsEntry("aws:SecureTransport", "false");
		});
	}

	@Test
	void letsTheProducerOnlyPutAndTheReadersOnlyGetPayloadsOfThatBucket() {
		assertThat(s3Grants("ProducerTaskRole")).containsExactly("s3:PutObject");
		assertThat(s3Grants("ConsumerTaskRole")).containsExactly("s3:GetObject");
		assertThat(s3Grants("NotifierTaskRole")).containsExactly("s3:GetObject");
	}

	private List<String> s3Grants(String role) {
		List<Map<String, Object>> statements = CloudFormationTemplateTests.statements(this.services.properties(role))
			.stream()
			.filter((statement) -> Template.items(statement.get("Action"))
				.stream()
				.anyMatch((action) -> String.valueOf(action).startsWith("s3:")))
			.toList();
		for (Map<String, Object> statement : statements) {
			List<Object> sub = list(map(statement.get("Resource")).get("Fn::Sub"));
			assertThat(sub.get(0)).as(role).isEqualTo("${BucketArn}/*");
			assertThat(String.valueOf(map(sub.get(1)).get("BucketArn"))).as(role).contains("-PayloadBucketArn");
		}
		return statements.stream()
			.flatMap((statement) -> Template.items(statement.get("Action")).stream())
			.map(String::valueOf)
			.toList();
	}

	private Map<String, Object> bucket() {
		return this.messaging.properties("PayloadBucket");
	}

}
