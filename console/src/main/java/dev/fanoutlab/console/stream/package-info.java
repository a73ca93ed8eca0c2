/**
 * The live view: a snapshot of everything the console shows, pushed to every open page as
 * server-sent events.
 */
@NullMarked
package dev.fanoutlab.console.stream;

import org.jspecify.annotations.NullMarked;
