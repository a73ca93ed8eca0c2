/**
 * Event contracts as data: JSON Schemas and examples, for tests.
 */
@NullMarked
package dev.fanoutlab.contracts;

import org.jspecify.annotations.NullMarked;
