package dev.fanoutlab.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code fanout-lab-defaults.yml} (graceful shutdown, the SQS listener's polling,
 * the actuator endpoints and probes, the {@code application} metrics tag, the log pattern
 * with the {@link LogContext}) to every service that reads a queue, as the property
 * source of lowest precedence: anything the service configures wins. Registered in
 * {@code META-INF/spring.factories}, as Spring Boot's own defaults are; unlike
 * {@code spring.config.import}, whose imported values would override the importing file.
 */
class ReaderDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

	/** The name of the property source, and of its file on the classpath. */
	static final String NAME = "fanout-lab-defaults.yml";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getPropertySources().contains(NAME)) {
			return;
		}
		try {
			List<PropertySource<?>> loaded = new YamlPropertySourceLoader().load(NAME, new ClassPathResource(NAME));
			loaded.forEach(environment.getPropertySources()::addLast);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
