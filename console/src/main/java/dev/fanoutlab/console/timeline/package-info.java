/**
 * The timeline of recent events: which subscribers each reached (by their filter
 * policies) and where it ended at each.
 */
@NullMarked
package dev.fanoutlab.console.timeline;

import org.jspecify.annotations.NullMarked;
