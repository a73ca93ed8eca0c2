/**
 * Push delivery: the order webhook a partner would host, subscribed to the topic over
 * HTTP(S), with SNS's subscription confirmation, signature verification (on AWS) and
 * de-duplication on the SNS {@code MessageId}.
 */
@NullMarked
package dev.fanoutlab.console.webhook;

import org.jspecify.annotations.NullMarked;
