package dev.fanoutlab.messaging;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import io.awspring.cloud.sqs.listener.interceptor.MessageInterceptor;

import org.springframework.messaging.Message;

/**
 * A set delay before each message is processed, to make a consumer slow on purpose: the
 * backlog grows, and the queue smooths the traffic. Zero unless configured
 * ({@code fanout-lab.listener.processing-delay}) or changed at runtime through the
 * {@code listeners} actuator endpoint.
 */
public class ProcessingDelay implements MessageInterceptor<Object> {

	private final AtomicReference<Duration> delay;

	ProcessingDelay(Duration initial) {
		this.delay = new AtomicReference<>(initial);
	}

	public Duration get() {
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
