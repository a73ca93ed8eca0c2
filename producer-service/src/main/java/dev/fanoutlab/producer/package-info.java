/**
 * producer-service: accepts orders over HTTP and publishes {@code OrderPlaced} to the SNS
 * topic {@code orders}. Everything is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.fanoutlab.producer;

import org.jspecify.annotations.NullMarked;
