package dev.fanoutlab.defaults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.StringUtils;

/**
 * Adds a YAML file from the classpath to an environment as defaults: the property source
 * of lowest precedence, so that a service's own {@code application.yml}, its profiles,
 * the environment and the command line all override it. Unlike
 * {@code spring.config.import}, whose imported values would override the importing file.
 * As in {@code application.yml}, a document of the file with
 * {@code spring.config.activate.on-profile} applies only when the profile is active, and
 * overrides the documents before it; the environment's profiles are final when an
 * {@code EnvironmentPostProcessor} runs after Spring Boot's config data.
 */
public final class ClasspathDefaults {

	private static final String ON_PROFILE = "spring.config.activate.on-profile";

	private ClasspathDefaults() {
	}

	/**
	 * Adds the file's active documents last, as one property source, once: a second call
	 * with the same name changes nothing.
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
		Map<String, Object> active = new LinkedHashMap<>();
		try {
			for (PropertySource<?> document : new YamlPropertySourceLoader().load(name, file)) {
				Object profiles = document.getProperty(ON_PROFILE);
				if (profiles == null || environment
					.matchesProfiles(StringUtils.commaDelimitedListToStringArray(profiles.toString()))) {
					active.putAll(((MapPropertySource) document).getSource());
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		active.remove(ON_PROFILE);
		environment.getPropertySources().addLast(new OriginTrackedMapPropertySource(name, active));
	}

}
