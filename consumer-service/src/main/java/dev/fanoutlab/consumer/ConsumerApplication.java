package dev.fanoutlab.consumer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * consumer-service: fulfils orders from the SQS queue {@code order-fulfilment},
 * idempotently.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ConsumerApplication {

	public static void main(String[] args) {
		SpringApplication.run(ConsumerApplication.class, args);
	}

}
