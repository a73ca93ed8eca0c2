package dev.fanoutlab.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.interceptor.MessageInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.messaging.Message;

/**
 * Records {@code fanoutlab.messages.wait{queue}}: how long each received message waited
 * in the queue since it was first sent (SQS {@code SentTimestamp}). Its maximum is the
 * local stand-in for CloudWatch's {@code ApproximateAgeOfOldestMessage}, which the SQS
 * API itself does not expose.
 */
class QueueWaitInterceptor implements MessageInterceptor<Object> {

	private final Clock clock;

	private final Timer wait;

	QueueWaitInterceptor(MeterRegistry meters, Clock clock, String queue) {
		this.clock = clock;
		this.wait = Timer.builder("fanoutlab.messages.wait")
			.description("Time a message waited in the queue before this receive")
			.tag("queue", queue)
			.register(meters);
	}

	@Override
	public Message<Object> intercept(Message<Object> message) {
		Object sent = message.getHeaders().get(SqsHeaders.MessageSystemAttributes.SQS_SENT_TIMESTAMP);
		if (sent != null) {
			Duration waited = Duration.between(Instant.ofEpochMilli(Long.parseLong(sent.toString())),
					this.clock.instant());
			if (!waited.isNegative()) {
				this.wait.record(waited);
			}
		}
		return message;
	}

}
