/**
 * The hello-web baseline of {@code make bench}, and the AWS request counter it puts on
 * the class path of the services it measures.
 */
package dev.fanoutlab.bench;
