package dev.fanoutlab.console.timeline;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where an event ended at one receiving queue, as the timeline shows it. Written in JSON
 * as its label; the page styles an outcome by the label's first word.
 */
public enum Outcome {

	/** Delivered to the queue, not yet seen processed or dead-lettered. */
	PENDING("pending"),

	/** The reading service's API shows the order. */
	PROCESSED("processed"),

	/**
	 * Processed, then published again with the same event id: the queue got a duplicate,
	 * which an idempotent reader acknowledges without effect.
	 */
	PROCESSED_DUPLICATE_DELIVERED("processed (duplicate delivered)"),

	/** Found in the queue's dead-letter queue. */
	DEAD_LETTERED("dead-lettered"),

	/** Moved from the dead-letter queue back to the queue. */
	REDRIVEN("redriven");

	private final String label;

	Outcome(String label) {
		this.label = label;
	}

	/**
	 * Whether the reading service may still process the event, so the console keeps
	 * looking for it there.
	 * @return {@code true} for {@link #PENDING} and {@link #REDRIVEN}
	 */
	boolean awaitsProcessing() {
		return this == PENDING || this == REDRIVEN;
	}

	/**
	 * The outcome once the same event was delivered again.
	 * @return {@link #PROCESSED_DUPLICATE_DELIVERED} for {@link #PROCESSED}, else this
	 */
	Outcome deliveredAgain() {
		return (this == PROCESSED) ? PROCESSED_DUPLICATE_DELIVERED : this;
	}

	@JsonValue
	@Override
	public String toString() {
		return this.label;
	}

}
