package dev.fanoutlab.defaults;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Adds {@code fanout-lab-service-defaults.yml} (graceful shutdown, the actuator endpoints
 * and probes, the info contributors, the {@code application} metrics tag, the log pattern
 * with the MDC) to every service, as its defaults ({@link ClasspathDefaults}). Registered
 * in {@code META-INF/spring.factories}, as Spring Boot's own defaults are. It runs last
 * ({@link #ORDER}), so that its source ends up last: a module's more specific defaults,
 * such as messaging-support's for the queue readers, added before it, override it.
 */
class ServiceDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** The name of the property source, and of its file on the classpath. */
	static final String NAME = "fanout-lab-service-defaults.yml";

	/** Last of all environment post-processors. */
	static final int ORDER = Ordered.LOWEST_PRECEDENCE;

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		ClasspathDefaults.addLast(environment, NAME);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
