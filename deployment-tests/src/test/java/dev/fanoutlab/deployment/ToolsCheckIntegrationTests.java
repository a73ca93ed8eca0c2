package dev.fanoutlab.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code make check} ({@code scripts/tools.sh check}) on a laptop that has one of the two
 * ways in, or neither: run with a PATH holding only what each case gives it (a stand-in
 * {@code docker} answers as Docker Desktop would).
 */
class ToolsCheckIntegrationTests {

	@TempDir
	Path bin;

	@TempDir
	Path emptyVenv;

	@Test
	void saysNotReadyEitherWayOnALaptopWithNeitherDockerNorAJdk() throws IOException {
		basics();

		Repository.Run check = check();

		assertThat(check.exitCode()).as(check.output()).isEqualTo(1);
		assertThat(check.output()).contains("✘ Docker: install Docker Desktop", "✘ JDK 17+ (found: none)",
				"Not ready either way");
	}

	@Test
	void saysReadyWithDockerOnALaptopWithDockerAndComposeButNoJdk() throws IOException {
		basics();
		docker("2.29.1");

		Repository.Run check = check();

		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(check.output()).contains("✔ Docker engine (27.3.1)", "✔ Docker Compose 2.29.1", "✘ JDK 17+",
				"Ready with Docker: 'docker compose up --build --wait'");
	}

	@Test
	void refusesAComposeOlderThanTheToolboxNeeds() throws IOException {
		basics();
		docker("2.17.3");

		Repository.Run check = check();

		assertThat(check.exitCode()).as(check.output()).isEqualTo(1);
		assertThat(check.output()).contains("✘ Docker Compose v2.20 or later (found: 2.17.3)");
	}

	private Repository.Run check() {
		return Repository.run(Map.of("PATH", this.bin.toString(), "VENV", this.emptyVenv.toString()),
				Duration.ofMinutes(1), "/bin/bash", "scripts/tools.sh", "check");
	}

	/** What every laptop has: the commands the script itself uses. */
	private void basics() throws IOException {
		for (String command : new String[] { "dirname", "head", "awk", "cat" }) {
			Path target = Path.of("/usr/bin", command);
			if (!Files.exists(target)) {
				target = Path.of("/bin", command);
			}
			Files.createSymbolicLink(this.bin.resolve(command), target);
		}
	}

	/** A {@code docker} whose engine answers and whose Compose plugin is this version. */
	private void docker(String composeVersion) throws IOException {
		Path docker = this.bin.resolve("docker");
		Files.writeString(docker, """
				#!/bin/bash
				case "$1 $2" in
				  "info "*) exit 0 ;;
				  "version "*) echo 27.3.1 ;;
				  "compose version") echo %s ;;
				  *) exit 1 ;;
				esac
				""".formatted(composeVersion));
		Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
	}

}
