package dev.fanoutlab.messaging;

import dev.fanoutlab.defaults.ClasspathDefaults;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Adds {@code fanout-lab-reader-defaults.yml} (the SQS listener's polling, a missing
 * queue failing startup) to every service that reads a queue, as defaults that anything
 * the service configures overrides ({@link ClasspathDefaults}). Registered in
 * {@code META-INF/spring.factories}. It runs just before service-defaults'
 * post-processor, so its source comes before the defaults every service shares.
 */
class ReaderDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** The name of the property source, and of its file on the classpath. */
	static final String NAME = "fanout-lab-reader-defaults.yml";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		ClasspathDefaults.addLast(environment, NAME);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 1;
	}

}
