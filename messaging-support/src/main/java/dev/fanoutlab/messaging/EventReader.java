package dev.fanoutlab.messaging;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an event from a message body. Listeners take the body as text and read it here,
 * because Spring Cloud AWS 4.1.0 converts a typed payload while polling: a body that
 * fails there never reaches the error handler, is not counted, and only comes back after
 * the full visibility timeout. Read here, an unreadable body is a
 * {@link PermanentFailureException} like any other.
 */
public class EventReader {

	private final JsonMapper json;

	EventReader(JsonMapper json) {
		this.json = json;
	}

	/**
	 * Read an event, ignoring properties the type does not know.
	 * @param <T> the event type
	 * @param body the JSON
	 * @param type the event type
	 * @return the event
	 * @throws PermanentFailureException if the body is not such an event
	 */
	public <T> T read(String body, Class<T> type) {
		try {
			return this.json.readValue(body, type);
		}
		catch (JacksonException ex) {
			throw new PermanentFailureException("Unreadable " + type.getSimpleName() + ": " + ex.getOriginalMessage());
		}
	}

}
