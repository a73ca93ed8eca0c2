/**
 * Who may change state through the console: its own page, or a deliberate client, with
 * the access token when one is configured.
 */
@NullMarked
package dev.fanoutlab.console.guard;

import org.jspecify.annotations.NullMarked;
