package dev.fanoutlab.deployment;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * How the checks run external tools (cfn-lint, promtool): a hung tool fails the build in
 * bounded time, a missing one fails it, neither hangs nor skips.
 */
class RepositoryIntegrationTests {

	@Test
	@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
	void failsAToolThatHangsAfterItsTimeoutWithItsOutputSoFar() {
		long started = System.nanoTime();

		assertThatIllegalStateException()
			.isThrownBy(() -> Repository.run(Duration.ofSeconds(2), "bash", "-c", "echo linting; sleep 300"))
			.withMessageContaining("did not finish within 2 s")
			.withMessageContaining("linting");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
	}

	@Test
	@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
	void returnsWhenAToolExitsWhileAChildItStartedStillHoldsItsOutput() {
		Repository.Run run = Repository.run(Duration.ofSeconds(15), "bash", "-c", "sleep 45 & echo linted");

		assertThat(run.exitCode()).isZero();
		assertThat(run.output()).contains("linted");
	}

	@Test
	@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
	void returnsTheExitCodeAndAllOutputOfAToolThatWritesMoreThanAPipeHolds() {
		Repository.Run run = Repository.run(Duration.ofSeconds(30), "bash", "-c",
				"head -c 300000 /dev/zero | tr '\\0' x; echo; echo done >&2; exit 3");

		assertThat(run.exitCode()).isEqualTo(3);
		assertThat(run.output()).hasSizeGreaterThan(300000).contains("done");
	}

	@Test
	void failsWhenTheToolIsNotInstalled() {
		assertThatIllegalStateException().isThrownBy(() -> Repository.run("fanout-lab-no-such-tool", "--version"))
			.withMessageContaining("fanout-lab-no-such-tool is not installed");
	}

}
