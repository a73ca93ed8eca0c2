package dev.fanoutlab.deployment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shell scripts as tools see them: shellcheck passes on each of them, and git checks
 * them out with LF line endings everywhere. Tool runs, so they run with the integration
 * tests; a missing tool fails them.
 */
class ShellScriptIntegrationTests {

	@Test
	void passesShellcheckOnEveryScript() {
		List<String> command = new ArrayList<>(List.of("shellcheck", "--shell=bash", "--severity=style", "--"));
		ShellScriptTests.scripts().forEach((script) -> command.add(Repository.root().relativize(script).toString()));

		Repository.Run shellcheck = Repository.run(Duration.ofMinutes(2), command.toArray(String[]::new));

		assertThat(shellcheck.exitCode()).as(shellcheck.output()).isZero();
	}

	@Test
	void keepsEveryScriptLfOnWindowsCheckoutsToo() {
		List<String> command = new ArrayList<>(List.of("git", "check-attr", "eol", "--"));
		ShellScriptTests.scripts().forEach((script) -> command.add(Repository.root().relativize(script).toString()));
		command.addAll(List.of("docs/labs/01-a-queue-by-hand.md", "docker/toolbox/Dockerfile", "mvnw"));

		Repository.Run attributes = Repository.run(Duration.ofMinutes(1), command.toArray(String[]::new));

		assertThat(attributes.exitCode()).as(attributes.output()).isZero();
		assertThat(attributes.output().lines()).hasSize(command.size() - 4)
			.allSatisfy((line) -> assertThat(line).as("core.autocrlf would turn it CRLF").endsWith(": eol: lf"));
	}

}
