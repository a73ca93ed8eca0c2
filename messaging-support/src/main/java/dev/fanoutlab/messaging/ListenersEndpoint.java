package dev.fanoutlab.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * are processed too: the listener reports {@code running} and {@code stopping} until the
 * container has stopped, so that nothing is received once it shows as paused). The answer
 * comes when the stop is done or after {@value #ANSWER_WITHIN_MILLIS} ms, whichever is
 * first: in-flight messages under a processing delay can hold a stop for many seconds,
 * longer than a caller should wait; {@code {"running": true}} starts it again (after a
 * stop under way), {@code {"processingDelay": "PT2S"}} sets the delay per message; 404
 * for an unknown listener, 400 for a negative delay or one above the maximum (by default
 * half the visibility timeout of the queue: a longer delay would make every message
 * visible again before it is processed, and a huge one fail every message).</li>
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
	private final Map<String, CompletableFuture<Void>> stopping = new ConcurrentHashMap<>();

	static final long ANSWER_WITHIN_MILLIS = 2000;

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
			.map((container) -> setRunning(container, running))
			.toList();
		awaitBriefly(CompletableFuture.allOf(changes.toArray(CompletableFuture[]::new)));
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
		awaitBriefly(setRunning(container, running));
		return new WebEndpointResponse<>(describe(container));
	}

	private boolean setDelay(Duration processingDelay) {
		if (processingDelay.isNegative() || processingDelay.compareTo(this.maxDelay.get()) > 0) {
			return false;
		}
		this.delay.set(processingDelay);
		return true;
	}

	/**
	 * Starts or stops a container in the background.
	 * @return done when the container runs or has stopped as asked
	 */
	private CompletableFuture<Void> setRunning(MessageListenerContainer<?> container, @Nullable Boolean running) {
		String id = container.getId();
		CompletableFuture<Void> stop = this.stopping.get(id);
		if (Boolean.FALSE.equals(running)) {
			if (stop != null || !container.isRunning()) {
				return (stop != null) ? stop : CompletableFuture.completedFuture(null);
			}
			return this.stopping.computeIfAbsent(id, (key) -> CompletableFuture.runAsync(container::stop)
				.whenComplete((done, failure) -> this.stopping.remove(key)));
		}
		if (Boolean.TRUE.equals(running)) {
			CompletableFuture<Void> stopped = (stop != null) ? stop : CompletableFuture.completedFuture(null);
			return stopped.exceptionally((failure) -> null).thenRun(() -> {
				if (!container.isRunning()) {
					container.start();
				}
			});
		}
		return CompletableFuture.completedFuture(null);
	}

	private static void awaitBriefly(CompletableFuture<Void> change) {
		try {
			change.get(ANSWER_WITHIN_MILLIS, TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			// Still under way: the answer says so (stopping).
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not change the listener", ex.getCause());
		}
	}

	private Listener describe(MessageListenerContainer<?> container) {
		boolean stopping = this.stopping.containsKey(container.getId());
		boolean running = container.isRunning() || stopping;
		String queue = this.queue;
		if (container instanceof AbstractMessageListenerContainer<?, ?, ?> listening
				&& !listening.getQueueNames().isEmpty()) {
			String name = listening.getQueueNames().iterator().next();
			queue = name.substring(name.lastIndexOf('/') + 1);
		}
		return new Listener(container.getId(), queue, running, stopping, this.delay.get());
	}

	/**
	 * A listener.
	 *
	 * @param id the listener id
	 * @param queue the queue it reads
	 * @param running whether it polls (or is still stopping)
	 * @param stopping whether a stop is under way (in-flight messages finishing)
	 * @param processingDelay the delay before each message
	 */
	public record Listener(String id, String queue, boolean running, boolean stopping, Duration processingDelay) {

	}

}
