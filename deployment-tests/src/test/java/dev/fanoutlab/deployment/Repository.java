package dev.fanoutlab.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
	 * Run a command in the repository root, for at most five minutes.
	 * @param command the command and its arguments
	 * @return exit code and combined output
	 * @throws IllegalStateException if the command is not installed or does not finish
	 */
	static Run run(String... command) {
		return run(Duration.ofMinutes(5), command);
	}

	/**
	 * Run a command in the repository root. Its output goes to a file, never to a pipe
	 * this thread reads before waiting: a command that hangs, or that leaves a child
	 * holding its output open, fails after {@code timeout} instead of hanging the build.
	 * @param timeout how long the command may take
	 * @param command the command and its arguments
	 * @return exit code and combined output
	 * @throws IllegalStateException if the command is not installed or does not finish in
	 * time (the message names it and holds its output so far)
	 */
	static Run run(Duration timeout, String... command) {
		return run(Map.of(), timeout, command);
	}

	/**
	 * Run a command in the repository root with extra environment variables, as
	 * {@link #run(Duration, String...)}.
	 * @param environment variables to set (or override) for the command
	 * @param timeout how long the command may take
	 * @param command the command and its arguments
	 * @return exit code and combined output
	 */
	static Run run(Map<String, String> environment, Duration timeout, String... command) {
		String name = String.join(" ", command);
		Path output = null;
		try {
			output = Files.createTempFile("fanout-lab-run", ".log");
			Process process;
			try {
				ProcessBuilder builder = new ProcessBuilder(command).directory(root().toFile())
					.redirectErrorStream(true)
					.redirectOutput(output.toFile());
				builder.environment().putAll(environment);
				process = builder.start();
			}
			catch (IOException ex) {
				throw new IllegalStateException(command[0] + " is not installed; run 'make tools'", ex);
			}
			process.getOutputStream().close();
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
				throw new IllegalStateException(
						name + " did not finish within " + timeout.toSeconds() + " s; output so far:\n" + read(output));
			}
			return new Run(process.exitValue(), read(output));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(name + " was interrupted", ex);
		}
		finally {
			if (output != null) {
				output.toFile().delete();
			}
		}
	}

	private static String read(Path output) throws IOException {
		return Files.readString(output, StandardCharsets.UTF_8);
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
