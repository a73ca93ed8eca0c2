package dev.fanoutlab.console.queues;

import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.stereotype.Component;

/**
 * How many messages each queue holds, as SQS reports it (approximate on AWS).
 */
@Component
public class QueueStats {

	private final LiveTopology topology;

	QueueStats(LiveTopology topology) {
		this.topology = topology;
	}

	public List<Depth> depths() {
		return this.topology.view().queues().stream().map(this::depth).toList();
	}

	Depth depth(String queue) {
		Map<QueueAttributeName, String> attributes = this.topology.attributes(queue,
				QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
				QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
				QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);
		return new Depth(queue, queue.endsWith("-dlq"),
				Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
				Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)),
				Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)));
	}

	/**
	 * Messages in a queue.
	 *
	 * @param queue the queue
	 * @param deadLetterQueue whether it is a DLQ
	 * @param visible waiting to be received
	 * @param inFlight received, not yet deleted or visible again
	 * @param delayed not yet visible because of a delay
	 */
	public record Depth(String queue, boolean deadLetterQueue, int visible, int inFlight, int delayed) {

	}

}
