package dev.fanoutlab.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.core.SdkSystemSetting;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;

/**
 * What a service reads from its environment, as Spring Boot loads it: the documents of
 * its {@code application.yml} active for the given profiles, after them the shared
 * defaults its modules add (messaging-support's for a queue reader, service-defaults' for
 * every service), the {@code ${VARIABLE}} placeholders in them, every property Spring
 * Boot and Spring Cloud AWS know (their configuration metadata) or the file sets, bound
 * from environment variables by relaxed binding ({@code MANAGEMENT_SERVER_PORT} is
 * {@code management.server.port}), and the variables the AWS SDK reads itself
 * ({@code AWS_REGION}).
 */
final class ServiceConfiguration {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

	private static final Set<String> SDK_VARIABLES = Arrays.stream(SdkSystemSetting.values())
		.map(SdkSystemSetting::environmentVariable)
		.filter(Objects::nonNull)
		.collect(Collectors.toUnmodifiableSet());

	private static final Map<ConfigurationPropertyName, Boolean> KNOWN_PROPERTIES = knownProperties();

	private final String module;

	/** The active documents of application.yml, in file order. */
	private final List<PropertySource<?>> documents;

	/** The shared defaults, most specific first: below every document. */
	private final List<PropertySource<?>> defaults;

	private ServiceConfiguration(String module, List<PropertySource<?>> documents, List<PropertySource<?>> defaults) {
		this.module = module;
		this.documents = documents;
		this.defaults = defaults;
	}

	/**
	 * @param module the service's module, e.g. {@code producer-service}
	 * @param profiles the active profiles ({@code SPRING_PROFILES_ACTIVE}), none for the
	 * default profile
	 */
	static ServiceConfiguration of(String module, Collection<String> profiles) {
		try {
			return new ServiceConfiguration(module,
					activeDocuments(module + "/src/main/resources/application.yml", profiles),
					defaults(module, profiles));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The documents of a YAML file active for the profiles, in file order. */
	private static List<PropertySource<?>> activeDocuments(String file, Collection<String> profiles)
			throws IOException {
		List<PropertySource<?>> active = new ArrayList<>();
		for (PropertySource<?> document : new YamlPropertySourceLoader().load(file,
				new FileSystemResource(Repository.file(file)))) {
			Object profile = document.getProperty("spring.config.activate.on-profile");
			if (profile == null || profiles.contains(String.valueOf(profile))) {
				active.add(document);
			}
		}
		return active;
	}

	/**
	 * The defaults files the service's modules add as its last property sources: a queue
	 * reader's (messaging-support) before every service's (service-defaults); in each,
	 * the active documents, a later one first.
	 */
	private static List<PropertySource<?>> defaults(String module, Collection<String> profiles) throws IOException {
		List<String> files = new ArrayList<>();
		if (Repository.text(module + "/pom.xml").contains("<artifactId>messaging-support</artifactId>")) {
			files.add("messaging-support/src/main/resources/fanout-lab-reader-defaults.yml");
		}
		files.add("service-defaults/src/main/resources/fanout-lab-service-defaults.yml");
		List<PropertySource<?>> defaults = new ArrayList<>();
		for (String file : files) {
			List<PropertySource<?>> active = activeDocuments(file, profiles);
			Collections.reverse(active);
			defaults.addAll(active);
		}
		return defaults;
	}

	/**
	 * Every source of the service's configuration: application.yml, then the defaults.
	 */
	private List<PropertySource<?>> sources() {
		List<PropertySource<?>> sources = new ArrayList<>(this.documents);
		sources.addAll(this.defaults);
		return sources;
	}

	/**
	 * The environment variables the active documents and the defaults name in
	 * {@code ${...}} placeholders.
	 */
	Set<String> placeholders() {
		Set<String> names = new TreeSet<>();
		for (PropertySource<?> document : sources()) {
			for (String property : ((EnumerablePropertySource<?>) document).getPropertyNames()) {
				Matcher matcher = PLACEHOLDER.matcher(String.valueOf(document.getProperty(property)));
				while (matcher.find()) {
					names.add(matcher.group(1));
				}
			}
		}
		return names;
	}

	/**
	 * Whether the service reads the environment variable: a placeholder of its
	 * configuration, a property Spring Boot binds from it, or an AWS SDK setting.
	 */
	boolean reads(String variable) {
		if (placeholders().contains(variable) || SDK_VARIABLES.contains(variable)) {
			return true;
		}
		ConfigurationPropertySource environment = ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "value")));
		Map<ConfigurationPropertyName, Boolean> properties = new HashMap<>(KNOWN_PROPERTIES);
		for (PropertySource<?> document : sources()) {
			for (String property : ((EnumerablePropertySource<?>) document).getPropertyNames()) {
				ConfigurationPropertyName name = ConfigurationPropertyName.adapt(property, '.');
				properties.putIfAbsent(name, false);
			}
		}
		return properties.entrySet()
			.stream()
			.anyMatch((property) -> environment.getConfigurationProperty(property.getKey()) != null || (property
				.getValue()
					&& environment.containsDescendantOf(property.getKey()) == ConfigurationPropertyState.PRESENT));
	}

	/**
	 * The value a property has when the service starts with these environment variables.
	 * @return the bound value, or {@code null} when nothing sets it
	 */
	String property(Map<String, String> environment, String property) {
		MutablePropertySources sources = new MutablePropertySources();
		sources.addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				Collections.unmodifiableMap(new HashMap<>(environment))));
		List<PropertySource<?>> laterFirst = new ArrayList<>(this.documents);
		Collections.reverse(laterFirst);
		laterFirst.forEach(sources::addLast);
		this.defaults.forEach(sources::addLast);
		Binder binder = new Binder(ConfigurationPropertySources.from(sources),
				new PropertySourcesPlaceholdersResolver(sources));
		return binder.bind(property, String.class).orElse(null);
	}

	@Override
	public String toString() {
		return this.module;
	}

	/**
	 * Properties in the configuration metadata on the class path; true for map-valued
	 * ones.
	 */
	private static Map<ConfigurationPropertyName, Boolean> knownProperties() {
		Map<ConfigurationPropertyName, Boolean> properties = new HashMap<>();
		ObjectMapper json = new ObjectMapper();
		try {
			Enumeration<URL> files = ServiceConfiguration.class.getClassLoader()
				.getResources("META-INF/spring-configuration-metadata.json");
			Set<URL> seen = new LinkedHashSet<>();
			while (files.hasMoreElements()) {
				seen.add(files.nextElement());
			}
			for (URL file : seen) {
				try (InputStream in = file.openStream()) {
					for (JsonNode property : json.readTree(in).path("properties")) {
						ConfigurationPropertyName name = ConfigurationPropertyName
							.ofIfValid(property.path("name").asText());
						if (name != null) {
							properties.put(name, property.path("type").asText().startsWith("java.util.Map"));
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		if (!properties.containsKey(ConfigurationPropertyName.of("management.server.port"))
				|| !properties.containsKey(ConfigurationPropertyName.of("server.port"))) {
			throw new IllegalStateException("Spring Boot's configuration metadata is not on the class path");
		}
		return Map.copyOf(properties);
	}

}
