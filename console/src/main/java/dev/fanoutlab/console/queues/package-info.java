/**
 * The queues as SQS reports them: the live topology, every queue's depth, and what a
 * teacher does to dead-letter queues (peek, redrive, purge).
 */
@NullMarked
package dev.fanoutlab.console.queues;

import org.jspecify.annotations.NullMarked;
