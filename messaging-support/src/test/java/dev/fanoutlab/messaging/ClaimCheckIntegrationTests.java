package dev.fanoutlab.messaging;

import java.net.URI;
import java.time.Duration;

import dev.fanoutlab.testsupport.LocalAws;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.payloadoffloading.PayloadS3Pointer;
import software.amazon.payloadoffloading.S3BackedPayloadStore;
import software.amazon.payloadoffloading.S3Dao;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link ClaimCheck} against S3 on the local AWS backend, with pointers written by the
 * payload store the SNS extended client uses.
 */
class ClaimCheckIntegrationTests {

	static final LocalAws aws = LocalAws.get();

	static final String BUCKET = "fanout-lab-payloads";

	static final String EVENT = "{\"eventType\":\"OrderPlaced\",\"items\":[]}";

	final ClaimCheck claimCheck = new ClaimCheck(aws.s3(), BUCKET);

	final S3BackedPayloadStore producer = new S3BackedPayloadStore(new S3Dao(aws.s3()), BUCKET);

	@Test
	void resolvesAClaimCheckedMessageToTheEventItsPointerNames() {
		String pointer = this.producer.storeOriginalPayload(EVENT);

		assertThat(this.claimCheck.resolve(pointer, true)).isEqualTo(EVENT);
	}

	@Test
	void returnsAMessageWithoutTheAttributeAsItIsEvenWhenItLooksLikeAPointer() {
		String pointer = this.producer.storeOriginalPayload(EVENT);

		assertThat(this.claimCheck.resolve(EVENT, false)).isEqualTo(EVENT);
		assertThat(this.claimCheck.resolve(pointer, false)).isEqualTo(pointer);
	}

	@Test
	void aPointerWhoseObjectIsGoneIsAPermanentFailure() {
		String pointer = this.producer.storeOriginalPayload(EVENT);
		aws.s3().deleteObject((request) -> request.bucket(BUCKET).key(PayloadS3Pointer.fromJson(pointer).getS3Key()));

		assertThatExceptionOfType(PermanentFailureException.class)
			.isThrownBy(() -> this.claimCheck.resolve(pointer, true))
			.withMessageContaining("payload is gone");
	}

	@Test
	void aPointerToAnotherBucketIsAPermanentFailureAndNothingIsFetched() {
		String pointer = new PayloadS3Pointer("someone-elses-bucket", "k").toJson();

		assertThatExceptionOfType(PermanentFailureException.class)
			.isThrownBy(() -> this.claimCheck.resolve(pointer, true))
			.withMessageContaining("names bucket someone-elses-bucket, not the payload bucket");
	}

	@Test
	void anUnreadablePointerIsAPermanentFailure() {
		assertThatExceptionOfType(PermanentFailureException.class)
			.isThrownBy(() -> this.claimCheck.resolve(EVENT, true))
			.withMessageContaining("Unreadable claim check");
	}

	@Test
	void anUnreachableS3IsATransientFailure() {
		String pointer = this.producer.storeOriginalPayload(EVENT);
		try (S3Client unreachable = S3Client.builder()
			.endpointOverride(URI.create("http://127.0.0.1:9"))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
			.forcePathStyle(true)
			.overrideConfiguration((configuration) -> configuration.apiCallTimeout(Duration.ofSeconds(2)))
			.build()) {
			Throwable failure = catchThrowable(() -> new ClaimCheck(unreachable, BUCKET).resolve(pointer, true));

			assertThat(failure).isInstanceOf(SdkException.class);
			assertThat(RetryingErrorHandler.isPermanent(failure)).isFalse();
		}
	}

}
