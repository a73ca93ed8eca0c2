package dev.fanoutlab.testsupport;

import dev.fanoutlab.topology.PayloadBucket;
import dev.fanoutlab.topology.PayloadBucketProvisioner;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claim check's bucket on the local AWS backend, checked through the S3 API.
 */
class PayloadBucketIntegrationTests {

	static final LocalAws aws = LocalAws.get();

	@Test
	void provisionsThePayloadBucketWithPublicAccessBlockedAndPayloadsExpiringAfterTheLongestRetention() {
		String name = new PayloadBucketProvisioner(aws.s3()).provision(PayloadBucket.fanoutLab());

		assertThat(name).isEqualTo("fanout-lab-payloads");
		PublicAccessBlockConfiguration block = aws.s3()
			.getPublicAccessBlock((request) -> request.bucket(name))
			.publicAccessBlockConfiguration();
		assertThat(block.blockPublicAcls()).isTrue();
		assertThat(block.blockPublicPolicy()).isTrue();
		assertThat(block.ignorePublicAcls()).isTrue();
		assertThat(block.restrictPublicBuckets()).isTrue();
		LifecycleRule rule = aws.s3().getBucketLifecycleConfiguration((request) -> request.bucket(name)).rules().get(0);
		assertThat(rule.status()).isEqualTo(ExpirationStatus.ENABLED);
		assertThat(rule.expiration().days()).isEqualTo(15);
	}

}
