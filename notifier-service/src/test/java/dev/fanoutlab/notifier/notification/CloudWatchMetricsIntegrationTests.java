package dev.fanoutlab.notifier.notification;

import java.time.Duration;

import dev.fanoutlab.testsupport.LocalAws;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the settings infra/services.yaml gives every task, Spring Cloud AWS's CloudWatch
 * registry is on (a namespace switches it on; locally there is none) and holds only the
 * application's own meters. moto 5.2.1 does not speak the CBOR protocol of the pinned
 * CloudWatch SDK (PutMetricData gets 404), so the export itself is not checked here.
 */
@SpringBootTest(properties = { "management.cloudwatch.metrics.export.enabled=true",
		"management.cloudwatch.metrics.export.namespace=FanoutLabTest", "management.cloudwatch.metrics.export.step=2s",
		"management.metrics.enable.all=false", "management.metrics.enable.fanoutlab=true" })
class CloudWatchMetricsIntegrationTests {

	static final LocalAws aws = LocalAws.get();

	@DynamicPropertySource
	static void aws(DynamicPropertyRegistry registry) {
		aws.registerProperties(registry);
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> 1);
	}

	@Autowired
	ApplicationContext context;

	@Test
	void exportsOnlyTheApplicationsMetersWhenANamespaceIsSet() {
		CloudWatchMeterRegistry registry = this.context.getBean(CloudWatchMeterRegistry.class);

		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			assertThat(registry.getMeters())
				.anySatisfy((meter) -> assertThat(meter.getId().getName()).isEqualTo("fanoutlab.queue.messages"));
			assertThat(registry.getMeters())
				.allSatisfy((meter) -> assertThat(meter.getId().getName()).startsWith("fanoutlab."));
		});
	}

}
