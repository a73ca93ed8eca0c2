package dev.fanoutlab.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.awspring.cloud.sqs.listener.AbstractMessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * {@code /actuator/listeners}: the service's SQS listeners, for a teacher to pause,
 * resume and slow down in front of a class.
 * <ul>
 * <li>{@code GET /actuator/listeners}: each listener, its queue, whether it runs, and the
 * processing delay;</li>
 * <li>{@code POST /actuator/listeners} with the same body as below changes every listener
 * of the service at once (a reader of both lanes has one per queue), stopping them in
 * parallel; the answer lists them all;</li>
 * <li>{@code POST /actuator/listeners/{id}} with {@code {"running": false}} stops polling
 * (in-flight messages finish, and so does a long poll already on its way, whose messages
 * are processed too: the listener reports {@code running} until the container has
 * stopped, so that nothing is received once it shows as paused), {@code {"running":
 * true}} starts it again, {@code {"processingDelay": "PT2S"}} sets the delay per message;
 * 404 for an unknown listener, 400 for a negative delay or one above the maximum (by
 * default half the visibility timeout of the queue: a longer delay would make every
 * message visible again before it is processed, and a huge one fail every message).</li>
 * </ul>
 * Access is {@code none} by default: it must be granted
 * ({@code management.endpoint.listeners.access=unrestricted}) and exposed, as the
 * {@code local} profile does; never in production.
 */
@Endpoint(id = "listeners", defaultAccess = Access.NONE)
public class ListenersEndpoint {

	private final MessageListenerContainerRegistry registry;

	private final ProcessingDelay delay;

	/**
	 * The queue reported for a container that does not name its own.
	 */
	private final String queue;

	private final Supplier<Duration> maxDelay;

	/**
	 * Containers whose stop has begun but not ended (Spring Cloud AWS reports them as not
	 * running).
	 */
	private final Set<String> stopping = ConcurrentHashMap.newKeySet();

	ListenersEndpoint(MessageListenerContainerRegistry registry, ProcessingDelay delay, String queue,
			Supplier<Duration> maxDelay) {
		this.registry = registry;
		this.delay = delay;
		this.queue = queue;
		this.maxDelay = maxDelay;
	}

	@ReadOperation
	public List<Listener> listeners() {
		return this.registry.getListenerContainers().stream().map(this::describe).toList();
	}

	@WriteOperation
	public WebEndpointResponse<List<Listener>> changeAll(@Nullable Boolean running,
			@Nullable Duration processingDelay) {
		if (processingDelay != null && !setDelay(processingDelay)) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		List<CompletableFuture<Void>> changes = this.registry.getListenerContainers()
			.stream()
			.map((container) -> CompletableFuture.runAsync(() -> setRunning(container, running)))
			.toList();
		CompletableFuture.allOf(changes.toArray(CompletableFuture[]::new)).join();
		return new WebEndpointResponse<>(listeners());
	}

	@WriteOperation
	public WebEndpointResponse<Listener> change(@Selector String id, @Nullable Boolean running,
			@Nullable Duration processingDelay) {
		MessageListenerContainer<?> container = this.registry.getContainerById(id);
		if (container == null) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		if (processingDelay != null && !setDelay(processingDelay)) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		setRunning(container, running);
		return new WebEndpointResponse<>(describe(container));
	}

	private boolean setDelay(Duration processingDelay) {
		if (processingDelay.isNegative() || processingDelay.compareTo(this.maxDelay.get()) > 0) {
			return false;
		}
		this.delay.set(processingDelay);
		return true;
	}

	private void setRunning(MessageListenerContainer<?> container, @Nullable Boolean running) {
		if (Boolean.FALSE.equals(running) && container.isRunning()) {
			this.stopping.add(container.getId());
			try {
				container.stop();
			}
			finally {
				this.stopping.remove(container.getId());
			}
		}
		else if (Boolean.TRUE.equals(running) && !container.isRunning()) {
			container.start();
		}
	}

	private Listener describe(MessageListenerContainer<?> container) {
		boolean running = container.isRunning() || this.stopping.contains(container.getId());
		String queue = this.queue;
		if (container instanceof AbstractMessageListenerContainer<?, ?, ?> listening
				&& !listening.getQueueNames().isEmpty()) {
			String name = listening.getQueueNames().iterator().next();
			queue = name.substring(name.lastIndexOf('/') + 1);
		}
		return new Listener(container.getId(), queue, running, this.delay.get());
	}

	/**
	 * A listener.
	 *
	 * @param id the listener id
	 * @param queue the queue it reads
	 * @param running whether it polls (or is still stopping)
	 * @param processingDelay the delay before each message
	 */
	public record Listener(String id, String queue, boolean running, Duration processingDelay) {

	}

}
