package dev.fanoutlab.bench;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The startup and memory baseline of {@code make bench}: a bare Spring Boot web app with
 * Actuator and one endpoint, started with the same JVM flags as the services. Its
 * settings are default properties, not an {@code application.yml}: this jar is also on
 * the class path of the services the bench counts the requests of, and its
 * {@code application.yml} would replace theirs.
 */
@SpringBootApplication
@RestController
public class HelloWebApplication {

	@GetMapping("/")
	String hello() {
		return "hello";
	}

	public static void main(String[] args) {
		new SpringApplicationBuilder(HelloWebApplication.class)
			.properties("spring.application.name=hello-web", "management.endpoint.health.probes.enabled=true")
			.run(args);
	}

}
