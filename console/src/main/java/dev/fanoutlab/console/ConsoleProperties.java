package dev.fanoutlab.console;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.fanoutlab.topology.Topology;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the console watches.
 *
 * @param topicArn the {@code orders} topic
 * @param queue the console's own queue, subscribed to the topic at startup
 * @param fifoTopicArn the FIFO lane's topic, {@code orders.fifo}
 * ({@code ORDERS_FIFO_TOPIC_ARN}); empty: the {@code topicArn} with {@code .fifo}
 * appended, as the topology names it
 * @param fifoQueue the console's own FIFO queue, subscribed to the FIFO topic at startup
 * @param producer base URL of producer-service
 * @param readers the services that read queues, by name
 * @param refresh how often the console refreshes what it shows
 * @param accessToken when set ({@code CONSOLE_ACCESS_TOKEN}), every change needs it as
 * {@code Authorization: Bearer <token>}; for a console reachable from a classroom
 * network. Empty (off) by default
 * @param allowedHosts without an access token, changes are accepted only from requests
 * whose {@code Host} is {@code localhost}, {@code 127.0.0.1}, {@code [::1]} or one of
 * these names ({@code CONSOLE_ALLOWED_HOSTS}, comma-separated, any port): a page on a
 * foreign name that a rebound DNS answer points at the console is refused. Empty by
 * default
 * @param zipkinUrl the trace UI (Zipkin) as the reader's browser reaches it
 * ({@code CONSOLE_ZIPKIN_URL}); every timeline event links to
 * {@code <zipkinUrl>/zipkin/traces/<traceId>}. Default {@code http://127.0.0.1:9411},
 * where {@code make demo} starts it
 */
@Validated
@ConfigurationProperties("fanout-lab.console")
public record ConsoleProperties(@NotBlank String topicArn, @NotBlank String queue, @Nullable String fifoTopicArn,
		@DefaultValue("order-console.fifo") @NotBlank String fifoQueue, @NotNull URI producer,
		@NotEmpty Map<String, Reader> readers, @DefaultValue("1s") Duration refresh, @Nullable String accessToken,
		@DefaultValue List<String> allowedHosts, @DefaultValue("http://127.0.0.1:9411") URI zipkinUrl) {

	public ConsoleProperties {
		if (fifoTopicArn == null || fifoTopicArn.isBlank()) {
			fifoTopicArn = topicArn + Topology.FIFO_SUFFIX;
		}
		if (!fifoQueue.endsWith(Topology.FIFO_SUFFIX)) {
			throw new IllegalArgumentException("fanout-lab.console.fifo-queue must end in " + Topology.FIFO_SUFFIX
					+ " (a FIFO topic delivers only to FIFO queues), was " + fifoQueue);
		}
	}

	/**
	 * The FIFO lane's topic.
	 * @return its ARN, never {@code null}
	 */
	@Override
	public String fifoTopicArn() {
		return Objects.requireNonNull(this.fifoTopicArn);
	}

	/**
	 * A service that reads a queue.
	 *
	 * @param url its base URL
	 * @param queue the queue it reads; its SQS listener has the same id. On the FIFO lane
	 * it reads the queue's FIFO twin ({@link #fifoQueue()}) too
	 * @param lookup path that answers non-empty once the service processed an order, with
	 * {@code {orderId}}, e.g. {@code /api/orders/{orderId}}
	 */
	public record Reader(@NotNull URI url, @NotBlank String queue, @NotBlank String lookup) {

		/**
		 * The queue it reads on the FIFO lane: its queue's twin, named as the topology
		 * names it ({@code <queue>.fifo}).
		 * @return the FIFO queue's name
		 */
		public String fifoQueue() {
			return this.queue + Topology.FIFO_SUFFIX;
		}

		/**
		 * Whether it reads a queue, on either lane.
		 * @param name a queue name
		 * @return {@code true} for its queue and the queue's FIFO twin
		 */
		public boolean reads(String name) {
			return this.queue.equals(name) || fifoQueue().equals(name);
		}

	}

}
