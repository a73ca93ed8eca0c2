/**
 * Logging alike in every Fanout Lab service: untrusted text made safe for one log line.
 */
@NullMarked
package dev.fanoutlab.logging;

import org.jspecify.annotations.NullMarked;
