package dev.fanoutlab.console.services;

import dev.fanoutlab.testsupport.Http;
import dev.fanoutlab.testsupport.LocalAws;
import dev.fanoutlab.testsupport.Ports;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console reads a service's counters through the real actuator {@code metrics} web
 * endpoint: here its own, standing in for producer-service, with a counter tagged as the
 * producer tags it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT, properties = { "fanout-lab.console.refresh=300ms",
		"management.endpoints.web.exposure.include=health,info,prometheus,metrics" })
class ServiceCountersIntegrationTests {

	static final LocalAws aws = LocalAws.get();

	static final int port = Ports.free();

	@DynamicPropertySource
	static void aws(DynamicPropertyRegistry registry) {
		aws.registerProperties(registry);
		registry.add("fanout-lab.console.topic-arn", () -> aws.provisioned().topicArn());
		registry.add("server.port", () -> port);
		registry.add("fanout-lab.console.producer", () -> "http://127.0.0.1:" + port);
	}

	@Autowired
	MeterRegistry meters;

	@Test
	void showsTheEventsAServicePublishedByOutcomeAsItsMetricsEndpointCountsThem() {
		this.meters.counter(ServiceStats.PUBLISHED, "outcome", "success").increment(3);
		this.meters.counter(ServiceStats.PUBLISHED, "outcome", "failure").increment();

		await().untilAsserted(() -> {
			JsonNode producer = producer();
			assertThat(producer.at("/counts/success").asDouble()).isEqualTo(3.0);
			assertThat(producer.at("/counts/failure").asDouble()).isEqualTo(1.0);
			assertThat(producer.get("health").asString()).isEqualTo("UP");
		});
	}

	private JsonNode producer() {
		for (JsonNode service : Http.client(port)
			.get()
			.uri("/api/snapshot")
			.retrieve()
			.body(JsonNode.class)
			.get("services")) {
			if (service.get("name").asString().equals("producer-service")) {
				return service;
			}
		}
		throw new AssertionError("producer-service not shown");
	}

}
