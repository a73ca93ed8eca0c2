package dev.fanoutlab.system;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault suite: orders placed at a steady rate while consumer instances are SIGKILLed,
 * the notifier is SIGKILLed once and the AWS emulator is frozen, then every effect
 * counted in the stores (see {@link ChaosRun}, {@link ChaosTally}). By default the
 * reduced run of {@code make test} (150 orders at 5/s, a kill about every 10 s, a 5 s
 * freeze); {@code make chaos} runs the full one, and every parameter is a system property
 * ({@link ChaosSettings}). It ends with one line,
 * {@code chaos: accepted=… lost=0 fulfilled_twice=0 emailed_twice=0}; the figures are in
 * {@code target/chaos/figures.txt}.
 */
class ChaosIntegrationTests {

	@Test
	void noOrderIsLostOrDoubledWhileConsumersAndTheNotifierAreKilledAndTheEmulatorFreezes() throws Exception {
		ChaosSettings settings = ChaosSettings.fromSystemProperties();
		ChaosTally tally;
		try (ChaosRun run = new ChaosRun(settings, Path.of("target", "chaos"))) {
			tally = run.run();
		}
		tally.problems.forEach((problem) -> System.out.println("chaos> problem: " + problem));
		System.out.println(tally.line());
		assertThat(tally.problems).as(tally.line()).isEmpty();
	}

}
