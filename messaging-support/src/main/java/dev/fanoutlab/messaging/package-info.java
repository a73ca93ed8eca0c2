/**
 * What every Fanout Lab service that reads an SQS queue does alike: reading and
 * validating events, the retry and dead-letter policy, acknowledgements, metrics, the log
 * context and the {@code listeners} endpoint, auto-configured.
 */
@NullMarked
package dev.fanoutlab.messaging;

import org.jspecify.annotations.NullMarked;
