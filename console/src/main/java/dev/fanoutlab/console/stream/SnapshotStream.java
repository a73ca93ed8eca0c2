package dev.fanoutlab.console.stream;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.fanoutlab.console.ConsoleProperties;
import dev.fanoutlab.console.queues.LiveTopology;
import dev.fanoutlab.console.services.ServiceStats;
import dev.fanoutlab.console.timeline.OutcomeTracker;
import dev.fanoutlab.console.timeline.Timeline;
import dev.fanoutlab.console.webhook.OrderWebhook;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Pushes a {@link Snapshot} of everything the console shows to every open page, as a
 * server-sent event named {@code snapshot}, once per refresh interval.
 */
@Component
class SnapshotStream implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(SnapshotStream.class);

	private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();

	private final LiveTopology topology;

	private final ServiceStats services;

	private final Timeline timeline;

	private final OutcomeTracker outcomes;

	private final ConsoleProperties properties;

	private final OrderWebhook webhook;

	private @Nullable ScheduledExecutorService scheduler;

	private volatile @Nullable Snapshot latest;

	SnapshotStream(LiveTopology topology, ServiceStats services, Timeline timeline, OutcomeTracker outcomes,
			ConsoleProperties properties, OrderWebhook webhook) {
		this.topology = topology;
		this.services = services;
		this.timeline = timeline;
		this.outcomes = outcomes;
		this.properties = properties;
		this.webhook = webhook;
	}

	/**
	 * A new subscriber, sent the latest snapshot at once.
	 * @return the emitter
	 */
	SseEmitter subscribe() {
		SseEmitter emitter = new SseEmitter(0L);
		emitter.onCompletion(() -> this.emitters.remove(emitter));
		emitter.onTimeout(() -> this.emitters.remove(emitter));
		emitter.onError((ex) -> this.emitters.remove(emitter));
		this.emitters.add(emitter);
		Snapshot latest = this.latest;
		if (latest != null) {
			send(emitter, latest);
		}
		return emitter;
	}

	Snapshot snapshot() {
		Snapshot latest = this.latest;
		return (latest != null) ? latest : take();
	}

	Snapshot take() {
		List<LiveTopology.Depth> depths = this.topology.depths();
		this.outcomes.refresh(depths);
		LiveTopology.View view = this.topology.view();
		Set<String> read = view.subscriptions()
			.stream()
			.filter((subscription) -> subscription.reader() != null
					&& !LiveTopology.Subscription.CONSOLE.equals(subscription.reader()))
			.map(LiveTopology.Subscription::queue)
			.collect(Collectors.toSet());
		return new Snapshot(Instant.now(), view, depths, this.services.services(), this.timeline.entries(),
				this.timeline.groupsInFlight(read::contains), this.webhook.view(), zipkin());
	}

	private String zipkin() {
		String url = this.properties.zipkinUrl().toString();
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	private void broadcast() {
		try {
			Snapshot latest = take();
			this.latest = latest;
			this.emitters.forEach((emitter) -> send(emitter, latest));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not refresh the console: {}", ex.getMessage());
		}
	}

	private void send(SseEmitter emitter, Snapshot snapshot) {
		try {
			emitter.send(SseEmitter.event().name("snapshot").data(snapshot));
		}
		catch (IOException | IllegalStateException ex) {
			this.emitters.remove(emitter);
		}
	}

	@Override
	public void start() {
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> new Thread(task, "console-snapshots"));
		this.scheduler.scheduleWithFixedDelay(this::broadcast, 0, this.properties.refresh().toMillis(),
				TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
		}
		this.emitters.forEach(SseEmitter::complete);
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null && !this.scheduler.isShutdown();
	}

	/**
	 * Everything the console shows.
	 *
	 * @param at when it was taken
	 * @param topology the topic, subscriptions, queues and readers
	 * @param queues the depth of every queue
	 * @param services the services' health, counters and listeners
	 * @param timeline recent events and where they ended
	 * @param groupsInFlight the FIFO lane's message groups with events not yet processed
	 * @param webhook the order webhook: what SNS pushed to it
	 * @param zipkin the trace UI's base URL, without a trailing slash: an event's trace
	 * is at {@code <zipkin>/zipkin/traces/<traceId>}
	 */
	record Snapshot(Instant at, LiveTopology.View topology, List<LiveTopology.Depth> queues,
			List<ServiceStats.Service> services, List<Timeline.Entry> timeline,
			List<Timeline.GroupInFlight> groupsInFlight, OrderWebhook.View webhook, String zipkin) {

	}

}
