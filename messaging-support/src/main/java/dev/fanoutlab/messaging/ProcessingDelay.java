package dev.fanoutlab.messaging;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import io.awspring.cloud.sqs.listener.interceptor.MessageInterceptor;

import org.springframework.messaging.Message;

/**
 * A set delay before each message is processed, to make a consumer slow on purpose: the
 * backlog grows, and the queue smooths the traffic. Zero unless configured
 * ({@code fanout-lab.listener.processing-delay}) or changed at runtime through the
 * {@code listeners} actuator endpoint. The configured delay is held to the same maximum
 * as the endpoint's (see {@link ListenerProperties#maxProcessingDelay()}): a longer one
 * fails startup instead of making every message visible again before it is processed.
 */
class ProcessingDelay implements MessageInterceptor<Object> {

	private final AtomicReference<Duration> delay;

	/**
	 * A delay starting at the configured one.
	 * @param initial {@code fanout-lab.listener.processing-delay}
	 * @param max the largest delay allowed; only asked when {@code initial} is not zero
	 * (by default it reads the queue's visibility timeout)
	 * @throws IllegalArgumentException if {@code initial} is negative or above the
	 * maximum
	 */
	ProcessingDelay(Duration initial, Supplier<Duration> max) {
		if (initial.isNegative()) {
			throw new IllegalArgumentException(
					"fanout-lab.listener.processing-delay (%s) cannot be negative".formatted(initial));
		}
		if (!initial.isZero()) {
			Duration limit = max.get();
			if (initial.compareTo(limit) > 0) {
				throw new IllegalArgumentException(("fanout-lab.listener.processing-delay (%s) is above its maximum "
						+ "(%s: fanout-lab.listener.max-processing-delay, or half the queue's visibility timeout): "
						+ "every message would become visible again before it is processed")
					.formatted(initial, limit));
			}
		}
		this.delay = new AtomicReference<>(initial);
	}

	Duration get() {
		return this.delay.get();
	}

	void set(Duration delay) {
		if (delay.isNegative()) {
			throw new IllegalArgumentException("The processing delay cannot be negative");
		}
		this.delay.set(delay);
	}

	@Override
	public Message<Object> intercept(Message<Object> message) {
		Duration current = this.delay.get();
		if (!current.isZero()) {
			LockSupport.parkNanos(current.toNanos());
		}
		return message;
	}

}
