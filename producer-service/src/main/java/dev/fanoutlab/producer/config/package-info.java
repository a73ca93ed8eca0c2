/**
 * Settings of the AWS clients the producer uses: SDK timeouts, the clock.
 */
@NullMarked
package dev.fanoutlab.producer.config;

import org.jspecify.annotations.NullMarked;
