package dev.fanoutlab.defaults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds a YAML file from the classpath to an environment as defaults: the property source
 * of lowest precedence, so that a service's own {@code application.yml}, its profiles,
 * the environment and the command line all override it. Unlike
 * {@code spring.config.import}, whose imported values would override the importing file.
 * The file has one document: a {@code spring.config.activate.on-profile} in it would not
 * be honoured.
 */
public final class ClasspathDefaults {

	private ClasspathDefaults() {
	}

	/**
	 * Adds the file last, once: a second call with the same name changes nothing.
	 * @param environment the environment, as an {@code EnvironmentPostProcessor} gets it
	 * @param name the file on the classpath, also the name of the property source
	 * @throws IllegalStateException if the file is not on the classpath (it fails
	 * startup, rather than starting without the defaults)
	 * @throws UncheckedIOException if the file cannot be read
	 */
	public static void addLast(ConfigurableEnvironment environment, String name) {
		if (environment.getPropertySources().contains(name)) {
			return;
		}
		ClassPathResource file = new ClassPathResource(name);
		if (!file.exists()) {
			throw new IllegalStateException("No " + name + " on the classpath");
		}
		try {
			List<PropertySource<?>> loaded = new YamlPropertySourceLoader().load(name, file);
			loaded.forEach(environment.getPropertySources()::addLast);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
