package dev.fanoutlab.messaging;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.payloadoffloading.PayloadS3Pointer;
import software.amazon.payloadoffloading.PayloadStore;
import software.amazon.payloadoffloading.S3BackedPayloadStore;
import software.amazon.payloadoffloading.S3Dao;

/**
 * The reading side of the claim check. The producer publishes an event over SNS's 256 KiB
 * with AWS's SNS extended client: the event is stored in S3 and the message carries the
 * library's pointer,
 * {@code ["software.amazon.payloadoffloading.PayloadS3Pointer",{"s3BucketName":...,"s3Key":...}]},
 * with the message attribute {@value #ATTRIBUTE} (the event's size). Where that attribute
 * is depends on the delivery mode: an SQS message attribute with raw delivery, one of the
 * envelope's {@code MessageAttributes} without. The listener says whether it was there;
 * this class then fetches the event with the libraries' payload store
 * ({@code payloadoffloading-common}, which both extended clients use).
 * <p>
 * Failures are per message: a pointer that cannot be read, names another bucket, or whose
 * object or bucket does not exist is a {@link PermanentFailureException} (straight to the
 * DLQ); any other S3 failure (throttling, a timeout, access denied while a policy is
 * fixed) is transient and retried with backoff. AWS's SQS extended client as the
 * listeners' {@code SqsAsyncClient} would instead miss enveloped pointers, fail the whole
 * batch received with a missing payload, and by default delete the payload when a message
 * is deleted, from under the other subscribers of the fan-out; and its mere presence on
 * the classpath turns off Spring Cloud AWS 4.1's plain {@code SqsAsyncClient}. So only
 * its payload store is used here.
 * <p>
 * Payloads are never deleted here: the bucket's lifecycle rule expires them.
 */
public class ClaimCheck {

	/** The message attribute that marks a claim-checked message (SNS extended client). */
	public static final String ATTRIBUTE = "ExtendedPayloadSize";

	private final PayloadStore payloads;

	private final String bucket;

	/**
	 * A claim check; services get one as a bean, tests may build their own.
	 * @param s3 the S3 client payloads are fetched with
	 * @param bucket the only bucket a pointer may name
	 */
	public ClaimCheck(S3Client s3, String bucket) {
		this.payloads = new S3BackedPayloadStore(new S3Dao(s3), bucket);
		this.bucket = bucket;
	}

	/**
	 * The event a message carries.
	 * @param body the message body (raw delivery) or the envelope's {@code Message}
	 * @param claimChecked whether the message had the {@value #ATTRIBUTE} attribute
	 * @return {@code body} itself, or the event its pointer names
	 * @throws PermanentFailureException if the pointer is unreadable, names another
	 * bucket than the payload bucket, or its object does not exist
	 */
	public String resolve(String body, boolean claimChecked) {
		if (!claimChecked) {
			return body;
		}
		String named = pointedBucket(body);
		if (!this.bucket.equals(named)) {
			throw new PermanentFailureException(
					"Claim check names bucket " + named + ", not the payload bucket " + this.bucket);
		}
		try {
			return this.payloads.getOriginalPayload(body);
		}
		catch (SdkException ex) {
			if (isMissing(ex)) {
				throw new PermanentFailureException("Claim-checked payload is gone: " + body);
			}
			throw ex;
		}
	}

	private static String pointedBucket(String body) {
		try {
			return PayloadS3Pointer.fromJson(body).getS3BucketName();
		}
		catch (SdkClientException ex) {
			throw new PermanentFailureException("Unreadable claim check: " + body);
		}
	}

	private static boolean isMissing(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof NoSuchKeyException || cause instanceof NoSuchBucketException
					|| (cause instanceof S3Exception s3 && s3.statusCode() == 404)) {
				return true;
			}
		}
		return false;
	}

}
