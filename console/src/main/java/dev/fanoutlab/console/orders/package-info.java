/**
 * Placing orders through producer-service: one, a burst, or a poison message.
 */
@NullMarked
package dev.fanoutlab.console.orders;

import org.jspecify.annotations.NullMarked;
