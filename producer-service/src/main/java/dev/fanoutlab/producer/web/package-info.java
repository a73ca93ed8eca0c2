/**
 * Web plumbing shared by every endpoint: correlation ids, the request size limit, RFC
 * 9457 problem details and log-safe text.
 */
@NullMarked
package dev.fanoutlab.producer.web;

import org.jspecify.annotations.NullMarked;
