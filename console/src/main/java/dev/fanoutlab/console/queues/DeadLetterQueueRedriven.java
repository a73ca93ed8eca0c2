package dev.fanoutlab.console.queues;

import java.util.List;

/**
 * The messages of a dead-letter queue were moved back to their source queue.
 *
 * @param deadLetterQueue the DLQ
 * @param sourceQueue the queue they went back to
 * @param bodies the bodies of the messages the DLQ showed just before the move (at most
 * 10), as delivered to the source queue
 */
public record DeadLetterQueueRedriven(String deadLetterQueue, String sourceQueue, List<String> bodies) {

}
