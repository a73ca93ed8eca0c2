package dev.fanoutlab.topology;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;

/**
 * Creates the {@link PayloadBucket} on an AWS endpoint, idempotently: the bucket with
 * public access blocked and the lifecycle rule that expires payloads. Encryption with the
 * customer managed key and the TLS-only bucket policy are set by {@code infra/} on AWS;
 * the emulator does not enforce them.
 */
public class PayloadBucketProvisioner {

	private final S3Client s3;

	public PayloadBucketProvisioner(S3Client s3) {
		this.s3 = s3;
	}

	/**
	 * Create or update the bucket.
	 * @param bucket the bucket
	 * @return the bucket name
	 */
	public String provision(PayloadBucket bucket) {
		try {
			this.s3.createBucket((request) -> request.bucket(bucket.name()));
		}
		catch (BucketAlreadyOwnedByYouException ex) {
			// created before: converge the settings below
		}
		this.s3.putPublicAccessBlock((request) -> request.bucket(bucket.name())
			.publicAccessBlockConfiguration((block) -> block.blockPublicAcls(true)
				.blockPublicPolicy(true)
				.ignorePublicAcls(true)
				.restrictPublicBuckets(true)));
		this.s3.putBucketLifecycleConfiguration((request) -> request.bucket(bucket.name())
			.lifecycleConfiguration((lifecycle) -> lifecycle.rules(LifecycleRule.builder()
				.id("expire-payloads")
				.status(ExpirationStatus.ENABLED)
				.filter(LifecycleRuleFilter.builder().prefix("").build())
				.expiration((expiration) -> expiration.days((int) bucket.expiry().toDays()))
				.build())));
		return bucket.name();
	}

}
