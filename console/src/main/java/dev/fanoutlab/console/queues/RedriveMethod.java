package dev.fanoutlab.console.queues;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How the messages of a dead-letter queue were moved (see {@link DeadLetterMover}).
 */
enum RedriveMethod {

	/** SQS moves them, asynchronously. */
	START_MESSAGE_MOVE_TASK("StartMessageMoveTask"),

	/** The console moved them one by one, as the backend has no move task. */
	RECEIVE_SEND_DELETE("receive-send-delete");

	private final String label;

	RedriveMethod(String label) {
		this.label = label;
	}

	@JsonValue
	@Override
	public String toString() {
		return this.label;
	}

}
