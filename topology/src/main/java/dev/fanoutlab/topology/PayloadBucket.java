package dev.fanoutlab.topology;

import java.time.Duration;

/**
 * The S3 bucket of the claim check: an event too large for SNS (256 KiB) is stored here
 * by the producer (the SNS extended client) and a pointer to it is published instead; the
 * readers fetch it with the pointer.
 * <p>
 * Objects expire by lifecycle, {@code expiry} after they were written, and are never
 * deleted by a reader: one event fans out to several queues, so the first reader to
 * finish cannot know whether the others still need it. The expiry outlives the longest a
 * message can wait in a queue or its dead-letter queue
 * ({@link Topology.Subscription#DEAD_LETTER_RETENTION}), so a message redriven from its
 * DLQ still finds its payload.
 *
 * @param name the bucket name
 * @param expiry how long a payload is kept
 */
public record PayloadBucket(String name, Duration expiry) {

	/** The bucket name of Fanout Lab. */
	public static final String NAME = "fanout-lab-payloads";

	/**
	 * Fanout Lab's bucket: {@value #NAME}, payloads kept one day longer than a DLQ keeps
	 * a message.
	 * @return the bucket
	 */
	public static PayloadBucket fanoutLab() {
		return new PayloadBucket(NAME, Topology.Subscription.DEAD_LETTER_RETENTION.plusDays(1));
	}

}
