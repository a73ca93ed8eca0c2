package dev.fanoutlab.testsupport;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service's environment as Spring Boot prepares it, without starting the service: the
 * {@code application.yml} (and profile files) on the test classpath, plus the defaults
 * the {@code EnvironmentPostProcessor}s on it add (service-defaults' for every service,
 * messaging-support's for queue readers), then command-line arguments over both.
 */
public final class ServiceEnvironment {

	private ServiceEnvironment() {
	}

	/**
	 * The environment with the given command-line arguments and no profile.
	 * @param args command-line arguments, such as {@code --name=value}
	 * @return the prepared environment
	 */
	public static Environment of(String... args) {
		return prepare(new SpringApplicationBuilder(Nothing.class), args);
	}

	/**
	 * The environment with one profile active, such as {@code local}.
	 * @param profile the active profile
	 * @return the prepared environment
	 */
	public static Environment withProfile(String profile) {
		return prepare(new SpringApplicationBuilder(Nothing.class).profiles(profile));
	}

	/**
	 * Asserts that the environment has the defaults service-defaults gives every service:
	 * actuator exposure and probes, the {@code application} metrics tag, graceful
	 * shutdown.
	 * @param environment the environment of a service
	 * @param application the service's {@code spring.application.name}
	 */
	public static void assertSharedDefaults(Environment environment, String application) {
		assertThat(environment.getProperty("management.endpoints.web.exposure.include"))
			.isEqualTo("health,info,metrics,prometheus");
		assertThat(environment.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("management.metrics.tags.application")).isEqualTo(application);
		assertThat(environment.getProperty("server.shutdown")).isEqualTo("graceful");
	}

	private static Environment prepare(SpringApplicationBuilder application, String... args) {
		try (ConfigurableApplicationContext context = application.web(WebApplicationType.NONE).run(args)) {
			return context.getEnvironment();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Nothing {

	}

}
