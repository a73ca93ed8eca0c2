package dev.fanoutlab.notifier.notification;

import java.net.URI;

import dev.fanoutlab.messaging.ClaimCheck;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A {@link ClaimCheck} for tests without S3: it passes inline events through, and any
 * claim-checked message fails to fetch.
 */
final class ClaimCheckOff {

	private ClaimCheckOff() {
	}

	static ClaimCheck claimCheck() {
		return new ClaimCheck(S3Client.builder()
			.region(Region.US_EAST_1)
			.credentialsProvider(AnonymousCredentialsProvider.create())
			.endpointOverride(URI.create("http://127.0.0.1:9"))
			.build(), "fanout-lab-payloads");
	}

}
