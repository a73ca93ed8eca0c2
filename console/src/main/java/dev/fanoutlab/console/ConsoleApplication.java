package dev.fanoutlab.console;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * console: the classroom console. It joins the system as any new subscriber does, with a
 * queue of its own subscribed to the {@code orders} topic, and reads everything else
 * through the AWS API and the services' HTTP endpoints.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ConsoleApplication {

	public static void main(String[] args) {
		SpringApplication.run(ConsoleApplication.class, args);
	}

}
