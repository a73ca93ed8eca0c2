package dev.fanoutlab.producer.orders;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * The real (DynamoDB) idempotency keys, with two faults a test can script: the next
 * {@link #complete} fails as DynamoDB would, or waits for a latch (to hold a request
 * between its publish and its completion).
 */
final class ScriptedIdempotencyKeys implements IdempotencyKeys {

	private final IdempotencyKeys delegate;

	private final AtomicBoolean failNextComplete = new AtomicBoolean();

	private final AtomicReference<CountDownLatch> holdNextComplete = new AtomicReference<>();

	private final AtomicReference<CountDownLatch> completeReached = new AtomicReference<>();

	ScriptedIdempotencyKeys(IdempotencyKeys delegate) {
		this.delegate = delegate;
	}

	/** The next {@code complete} throws, after SNS accepted the event. */
	void failNextComplete() {
		this.failNextComplete.set(true);
	}

	/**
	 * The next {@code complete} waits until {@code release} opens.
	 * @param release the latch to wait for
	 * @return a latch that opens when a request reached {@code complete}
	 */
	CountDownLatch holdNextComplete(CountDownLatch release) {
		CountDownLatch reached = new CountDownLatch(1);
		this.completeReached.set(reached);
		this.holdNextComplete.set(release);
		return reached;
	}

	void reset() {
		this.failNextComplete.set(false);
		this.holdNextComplete.set(null);
		this.completeReached.set(null);
	}

	@Override
	public Claim claim(String key, PlaceOrder order, Attempt proposed) {
		return this.delegate.claim(key, order, proposed);
	}

	@Override
	public void complete(Claim.Owned claim) {
		CountDownLatch reached = this.completeReached.getAndSet(null);
		CountDownLatch release = this.holdNextComplete.getAndSet(null);
		if (reached != null) {
			reached.countDown();
		}
		if (release != null) {
			try {
				release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (this.failNextComplete.getAndSet(false)) {
			throw DynamoDbException.builder().message("scripted: DynamoDB failed to complete the key").build();
		}
		this.delegate.complete(claim);
	}

	@Override
	public void endLease(Claim.Owned claim) {
		this.delegate.endLease(claim);
	}

	@Override
	public void release(Claim.Owned claim) {
		this.delegate.release(claim);
	}

}
