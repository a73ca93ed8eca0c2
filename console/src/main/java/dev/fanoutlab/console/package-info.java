/**
 * The classroom console: its configuration, how it joins the topic as a subscriber of its
 * own, and how its API answers what it cannot do. One package per feature below.
 */
@NullMarked
package dev.fanoutlab.console;

import org.jspecify.annotations.NullMarked;
