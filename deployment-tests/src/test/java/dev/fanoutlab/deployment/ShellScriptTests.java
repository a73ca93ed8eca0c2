package dev.fanoutlab.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shell scripts run on stock macOS bash 3.2 as well as on Linux: none uses a feature
 * of bash 4 or later. shellcheck and the line endings git checks out:
 * {@link ShellScriptIntegrationTests}.
 */
class ShellScriptTests {

	/** Bash 4+ features, with the version that brought them; macOS ships bash 3.2. */
	private static final Map<String, Pattern> BASH_4_FEATURES = Map.ofEntries(
			Map.entry("associative arrays (declare/local/typeset -A, bash 4.0)",
					Pattern.compile("\\b(declare|local|typeset)\\s+-[a-zA-Z]*A")),
			Map.entry("namerefs (declare/local -n, bash 4.3)",
					Pattern.compile("\\b(declare|local|typeset)\\s+-[a-zA-Z]*n\\b")),
			Map.entry("case-changing attributes (declare -l/-u, bash 4.0)",
					Pattern.compile("\\b(declare|local|typeset)\\s+-[a-zA-Z]*[lu]\\b")),
			Map.entry("mapfile/readarray (bash 4.0)", Pattern.compile("(^|[;&|(\\s])(mapfile|readarray)\\b")),
			Map.entry("case modification ${var,,} ${var^^} (bash 4.0)", Pattern.compile("\\$\\{[^}]*(,,?|\\^\\^?)\\}")),
			Map.entry("parameter transformation ${var@Q} (bash 4.4)", Pattern.compile("\\$\\{[^}]*@[QEPAaKkUuL]\\}")),
			Map.entry("negative array subscripts (bash 4.3)", Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*\\[-[0-9]")),
			Map.entry("&>> and |& redirections (bash 4.0)", Pattern.compile("&>>|\\|&")),
			Map.entry("coproc (bash 4.0)", Pattern.compile("(^|[;&|\\s])coproc\\b")),
			Map.entry("case fall-through ;& and ;;& (bash 4.0)", Pattern.compile(";;&|[^;];&")),
			Map.entry("globstar, lastpipe and other bash 4 shell options",
					Pattern.compile("shopt\\s+-s\\s+.*\\b(globstar|lastpipe|autocd|checkjobs|dirspell)\\b")),
			Map.entry("wait -n (bash 4.3)", Pattern.compile("\\bwait\\s+-n\\b")),
			Map.entry("automatic file descriptors {fd}> (bash 4.1)",
					Pattern.compile("\\{[A-Za-z_][A-Za-z0-9_]*\\}[<>]")),
			Map.entry("$BASHPID, $EPOCHSECONDS, $EPOCHREALTIME, $SRANDOM (bash 4+)",
					Pattern.compile("\\$\\{?(BASHPID|EPOCHSECONDS|EPOCHREALTIME|SRANDOM|BASH_ARGV0)\\b")),
			Map.entry("brace expansion with a step {1..9..2} (bash 4.0)",
					Pattern.compile("\\{-?[0-9a-z]+\\.\\.-?[0-9a-z]+\\.\\.-?[0-9]+\\}")));

	@Test
	void usesNoBashFourFeatureBecauseMacOsShipsBash32() {
		List<String> found = new ArrayList<>();
		scripts().forEach((script) -> {
			List<String> lines = lines(script);
			for (int number = 1; number <= lines.size(); number++) {
				String code = withoutComment(lines.get(number - 1));
				for (Map.Entry<String, Pattern> feature : BASH_4_FEATURES.entrySet()) {
					if (feature.getValue().matcher(code).find()) {
						found.add(Repository.root().relativize(script) + ":" + number + ": " + feature.getKey() + ": "
								+ code.strip());
					}
				}
			}
		});
		assertThat(found).isEmpty();
	}

	@Test
	void recognisesEachBashFourFeatureItLooksFor() {
		List<String> samples = List.of("declare -A images", "local -n ref=$1", "declare -l lower",
				"mapfile -t lines < f", "echo \"${name,,}\"", "echo \"${name^^}\"", "echo \"${value@Q}\"",
				"echo \"${items[-1]}\"", "cmd &>> log", "cmd |& tee log", "coproc cat", "  a) echo ;;&",
				"shopt -s globstar", "wait -n", "exec {fd}>file", "echo $EPOCHSECONDS", "echo {1..9..2}");
		assertThat(samples).allSatisfy((sample) -> assertThat(BASH_4_FEATURES.values())
			.anySatisfy((pattern) -> assertThat(pattern.matcher(sample).find()).as(sample).isTrue()));
		assertThat(List.of("declare -a list", "echo \"${name:-default}\"", "echo \"${!variable:-}\"",
				"case $x in a) echo ;; esac", "exec 3<>/dev/tcp/127.0.0.1/8180", "echo {1..9}", "wait \"$pid\"",
				"local status=$1", "printf '%s,%s' a b"))
			.allSatisfy((sample) -> assertThat(BASH_4_FEATURES.values())
				.allSatisfy((pattern) -> assertThat(pattern.matcher(sample).find()).as(sample).isFalse()));
	}

	/** Every scripts/*.sh, docs/labs/lab.sh and the toolbox's scripts. */
	static List<Path> scripts() {
		try (Stream<Path> files = Files.list(Repository.file("scripts"))) {
			List<Path> scripts = new ArrayList<>(
					files.filter((file) -> file.getFileName().toString().endsWith(".sh")).sorted().toList());
			scripts.add(Repository.file("docs/labs/lab.sh"));
			scripts.addAll(List.of(Repository.file("docker/toolbox/lab"), Repository.file("docker/toolbox/bashrc"),
					Repository.file("docker/toolbox/aws")));
			assertThat(scripts).contains(Repository.file("scripts/deploy-aws.sh"),
					Repository.file("scripts/destroy-aws.sh"));
			return scripts;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<String> lines(Path script) {
		try {
			return Files.readAllLines(script);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String withoutComment(String line) {
		return line.stripLeading().startsWith("#") ? "" : line;
	}

}
