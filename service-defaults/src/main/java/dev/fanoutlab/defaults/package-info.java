/**
 * Configuration every Fanout Lab service shares, added to its environment as defaults
 * that its own {@code application.yml} overrides.
 */
@NullMarked
package dev.fanoutlab.defaults;

import org.jspecify.annotations.NullMarked;
