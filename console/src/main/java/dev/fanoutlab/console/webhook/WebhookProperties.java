package dev.fanoutlab.console.webhook;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The order webhook: where SNS pushes the topic's events.
 *
 * @param endpoint the URL SNS POSTs to ({@code CONSOLE_WEBHOOK_URL}): this console's
 * {@code /webhooks/orders} as SNS reaches it. On AWS it must be {@code https} and
 * reachable from the internet. Empty: no push subscription
 * @param emulatorHosts against an emulator, the {@code host:port} names besides the
 * configured SNS endpoint's that a {@code SubscribeURL} may name, e.g. LocalStack's
 * {@code localhost.localstack.cloud:4566} ({@code CONSOLE_WEBHOOK_EMULATOR_HOSTS},
 * comma-separated). Ignored on AWS, where only {@code sns.<region>.amazonaws.com} is
 * accepted
 */
@ConfigurationProperties("fanout-lab.console.webhook")
record WebhookProperties(@Nullable URI endpoint, @DefaultValue List<String> emulatorHosts) {

}
