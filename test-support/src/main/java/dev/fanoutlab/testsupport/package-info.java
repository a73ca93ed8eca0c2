/**
 * What every module's tests share: the local AWS backend, free ports, HTTP and timing
 * helpers.
 */
@NullMarked
package dev.fanoutlab.testsupport;

import org.jspecify.annotations.NullMarked;
