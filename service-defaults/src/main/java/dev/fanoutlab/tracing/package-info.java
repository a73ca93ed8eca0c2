/**
 * Tracing shared by every service: the AWS calls' spans and the trace context on SNS
 * publishes.
 */
@NullMarked
package dev.fanoutlab.tracing;

import org.jspecify.annotations.NullMarked;
