package dev.fanoutlab.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.fanoutlab.testsupport.Ports;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every lab in {@code docs/labs} against the running system with the labs' own
 * runner, {@code lab NN} of {@code docs/labs/lab.sh} (the JDK path,
 * {@code LAB_PATH=demo}): every command block in order, as one bash script per lab, but
 * blocks marked {@code norun} or {@code compose} (the toolbox runs those:
 * scripts/compose-test.sh). The labs state what to observe as commands
 * ({@code eventually is 1 depth order-fulfilment}) that fail when it is not observed, so
 * a lab whose text no longer matches the system fails here.
 * <p>
 * The labs run back to back on one system, as a class does under {@code make demo}:
 * nothing is reset between them here. Each lab starts with {@code lab reset}
 * (docs/labs/lab.sh), the only reset, so a lab that depends on a fresh system fails.
 */
class LabsIntegrationTests {

	static Path root() {
		return Path.of(System.getProperty("fanoutlab.root", "..")).toAbsolutePath().normalize();
	}

	/**
	 * Every lab, or those whose number is in {@code -Dfanoutlab.labs=07,10} (for working
	 * on a few labs; {@code make test} runs them all).
	 * @return lab file names, in order
	 * @throws IOException if {@code docs/labs} cannot be listed
	 */
	static Stream<String> labs() throws IOException {
		List<String> only = List.of(System.getProperty("fanoutlab.labs", "").split(","))
			.stream()
			.map(String::trim)
			.filter((number) -> !number.isEmpty())
			.toList();
		try (Stream<Path> files = Files.list(root().resolve("docs/labs"))) {
			return files.map((file) -> file.getFileName().toString())
				.filter((name) -> name.matches("\\d\\d-.*\\.md"))
				.filter((name) -> only.isEmpty() || only.contains(name.substring(0, 2)))
				.sorted()
				.toList()
				.stream();
		}
	}

	@BeforeAll
	static void startTheSystem() {
		WholeSystem.start();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("labs")
	void runsGreen(String lab) throws Exception {
		// lab_run refuses a lab whose first steps are not 'source docs/labs/lab.sh' and
		// 'lab reset'.
		String script = "cd " + root() + " && source docs/labs/lab.sh && lab " + lab.substring(0, 2);
		Path log = Path.of("target", "labs", lab.replace(".md", ".log"));
		Files.createDirectories(log.getParent());
		ProcessBuilder bash = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true)
			.redirectOutput(log.toFile());
		bash.environment()
			.putAll(Map.of("PRODUCER", base(WholeSystem.producer), "CONSUMER", base(WholeSystem.consumer), "NOTIFIER",
					base(WholeSystem.notifier), "CONSOLE", base(WholeSystem.console), "AWS_ENDPOINT",
					WholeSystem.aws.endpoint().toString(), "AWS_ENDPOINT_URL", WholeSystem.aws.endpoint().toString(),
					"SECOND_PORT", Integer.toString(Ports.free()), "LAB_PATH", "demo", "ZIPKIN",
					WholeSystem.zipkin.endpoint().toString()));
		Process process = bash.start();
		boolean finished = process.waitFor(4, TimeUnit.MINUTES);
		if (!finished) {
			process.descendants().forEach(ProcessHandle::destroy);
			process.destroyForcibly();
		}
		String output = Files.readString(log, StandardCharsets.UTF_8);
		assertThat(finished).as(lab + " finished; output:\n" + output).isTrue();
		assertThat(process.exitValue()).as(lab + " failed; output (also in " + log + "):\n" + output).isZero();
	}

	private static String base(ServiceProcess service) {
		String uri = service.uri("").toString();
		return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
	}

}
