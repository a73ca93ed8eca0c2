/**
 * The services as they report themselves through actuator: health, counters read as data
 * from the metrics endpoint, and their listeners, which the console can pause, resume and
 * slow down.
 */
@NullMarked
package dev.fanoutlab.console.services;

import org.jspecify.annotations.NullMarked;
