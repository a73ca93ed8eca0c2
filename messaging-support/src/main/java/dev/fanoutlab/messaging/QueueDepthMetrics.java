package dev.fanoutlab.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.fanoutlab.topology.QueueDirectory;
import dev.fanoutlab.topology.RedrivePolicy;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.context.SmartLifecycle;

/**
 * Publishes {@code fanoutlab.queue.messages{queue, state}} for the queue a service reads
 * and for its dead-letter queue (found through the queue's {@link RedrivePolicy}):
 * messages {@code visible}, {@code in_flight} and {@code delayed}, read with
 * GetQueueAttributes every {@code interval}. The counts are approximate on AWS. Every
 * instance reports the same queue, so dashboards take the {@code max} across instances.
 */
class QueueDepthMetrics implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(QueueDepthMetrics.class);

	private static final Map<String, QueueAttributeName> STATES = Map.of("visible",
			QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "in_flight",
			QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "delayed",
			QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);

	private final QueueDirectory queues;

	private final MeterRegistry meters;

	private final String queue;

	private final Duration interval;

	private final Map<String, AtomicLong> values = new ConcurrentHashMap<>();

	private ScheduledExecutorService scheduler;

	QueueDepthMetrics(SqsAsyncClient sqs, MeterRegistry meters, String queue, Duration interval) {
		this.queues = new QueueDirectory(sqs);
		this.meters = meters;
		this.queue = queue;
		this.interval = interval;
	}

	@Override
	public void start() {
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "queue-depth-metrics");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler.scheduleWithFixedDelay(this::refresh, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		this.scheduler.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null && !this.scheduler.isShutdown();
	}

	void refresh() {
		try {
			Map<QueueAttributeName, String> attributes = attributes(this.queue);
			record(this.queue, attributes);
			RedrivePolicy.of(attributes)
				.map(RedrivePolicy::deadLetterQueueName)
				.ifPresent((deadLetterQueue) -> record(deadLetterQueue, attributes(deadLetterQueue)));
		}
		catch (RuntimeException ex) {
			logger.debug("Could not read the depth of queue {}: {}", this.queue, ex.getMessage());
		}
	}

	private Map<QueueAttributeName, String> attributes(String queueName) {
		return this.queues.attributes(queueName, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
				QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
				QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED, QueueAttributeName.REDRIVE_POLICY);
	}

	private void record(String queueName, Map<QueueAttributeName, String> attributes) {
		STATES.forEach((state, attribute) -> gauge(queueName, state).set(Long.parseLong(attributes.get(attribute))));
	}

	private AtomicLong gauge(String queueName, String state) {
		return this.values.computeIfAbsent(queueName + "/" + state, (key) -> {
			AtomicLong value = new AtomicLong();
			Gauge.builder("fanoutlab.queue.messages", value, AtomicLong::get)
				.description("Messages in the queue, by state (approximate on AWS)")
				.tag("queue", queueName)
				.tag("state", state)
				.register(this.meters);
			return value;
		});
	}

}
