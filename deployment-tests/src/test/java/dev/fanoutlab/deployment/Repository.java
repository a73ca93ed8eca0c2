package dev.fanoutlab.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Files of this repository, read as the tools that use them read them.
 */
final class Repository {

	private Repository() {
	}

	static Path root() {
		return Path.of(System.getProperty("fanoutlab.root", "..")).toAbsolutePath().normalize();
	}

	static Path file(String relative) {
		return root().resolve(relative);
	}

	static String text(String relative) {
		try {
			return Files.readString(file(relative), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A YAML file; YAML merge keys ({@code <<}) are resolved as Docker Compose does. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> yaml(String relative) {
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		return new Yaml(new SafeConstructor(options)).load(text(relative));
	}

	/**
	 * A CloudFormation template. Short-form intrinsic functions become their long form:
	 * {@code !Ref X} is {@code {Ref: X}}, {@code !GetAtt A.B} is {@code {Fn::GetAtt: [A,
	 * B]}}, {@code !Sub s} is {@code {Fn::Sub: s}}.
	 */
	@SuppressWarnings("unchecked")
	static Map<String, Object> template(String relative) {
		return new Yaml(new CloudFormationConstructor()).load(text(relative));
	}

	/**
	 * Run a command in the repository root.
	 * @param command the command and its arguments
	 * @return exit code and combined output
	 */
	static Run run(String... command) {
		try {
			Process process = new ProcessBuilder(command).directory(root().toFile()).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(5, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new IllegalStateException(String.join(" ", command) + " did not finish");
			}
			return new Run(process.exitValue(), output);
		}
		catch (IOException ex) {
			throw new IllegalStateException(command[0] + " is not installed; run 'make tools'", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	record Run(int exitCode, String output) {

	}

	private static final class CloudFormationConstructor extends SafeConstructor {

		CloudFormationConstructor() {
			super(new LoaderOptions());
			this.yamlMultiConstructors.put("!", new Intrinsic());
		}

		private final class Intrinsic extends AbstractConstruct {

			@Override
			public Object construct(Node node) {
				String function = node.getTag().getValue().substring(1);
				Object value;
				if (node instanceof ScalarNode scalar) {
					value = constructScalar(scalar);
				}
				else if (node instanceof SequenceNode sequence) {
					value = new ArrayList<>(constructSequence(sequence));
				}
				else {
					value = constructMapping((MappingNode) node);
				}
				if ("GetAtt".equals(function) && value instanceof String attribute) {
					value = List.of(attribute.split("\\.", 2));
				}
				return Map.of("Ref".equals(function) ? "Ref" : "Fn::" + function, value);
			}

		}

	}

}
