package dev.fanoutlab.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

import dev.fanoutlab.testsupport.Ports;

/**
 * One Spring Boot jar started as its own process with {@code make demo}'s JVM flags
 * ({@code -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}), the {@code local} profile
 * and a free port. With a request-count file, the jar is started through Boot's
 * {@code PropertiesLauncher} with the bench jar on {@code loader.path}, so that
 * {@link RequestCounter} counts its AWS requests.
 */
final class JvmApp {

	static final List<String> DEMO_FLAGS = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String name;

	private final Path jar;

	private final Map<String, String> environment;

	private final int port = Ports.free();

	private Path requestFile;

	private Path javaHome = Path.of(System.getProperty("java.home"));

	private final List<String> extraFlags = new ArrayList<>();

	private Process process;

	private long startedNanos;

	JvmApp(String name, Path jar, Map<String, String> environment) {
		this.name = name;
		this.jar = jar;
		this.environment = new HashMap<>(environment);
	}

	/**
	 * Count this app's AWS requests into a file.
	 * @param file where {@link RequestCounter} writes
	 * @return this
	 */
	JvmApp countingRequestsIn(Path file) {
		this.requestFile = file;
		return this;
	}

	/**
	 * Run on another JDK, with more JVM flags (such as a CDS archive or an AOT cache).
	 * @param home the JDK's home
	 * @param flags flags after {@code make demo}'s
	 * @return this
	 */
	JvmApp on(Path home, List<String> flags) {
		this.javaHome = home;
		this.extraFlags.addAll(flags);
		return this;
	}

	String name() {
		return this.name;
	}

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	JvmApp start(String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(this.javaHome.resolve("bin").resolve("java").toString());
		command.addAll(DEMO_FLAGS);
		command.addAll(this.extraFlags);
		if (this.requestFile != null) {
			command.add("-D" + RequestCounter.FILE_PROPERTY + "=" + this.requestFile.toAbsolutePath());
			command.add("-Dloader.path=" + Bench.benchJar().toAbsolutePath());
			command.add("-cp");
			command.add(this.jar.toString());
			command.add("org.springframework.boot.loader.launch.PropertiesLauncher");
		}
		else {
			command.add("-jar");
			command.add(this.jar.toString());
		}
		command.add("--spring.profiles.active=local");
		command.add("--server.port=" + this.port);
		command.add("--server.address=127.0.0.1");
		command.addAll(List.of(arguments));
		Path log = Bench.output().resolve(this.name + ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		builder.environment().putAll(this.environment);
		try {
			this.startedNanos = System.nanoTime();
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this;
	}

	/**
	 * Wait until the process exited by itself (a training run).
	 * @return its exit code
	 */
	int awaitExit() {
		try {
			if (!this.process.waitFor(300, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				throw new IllegalStateException(this.name + " did not exit within 300 s");
			}
			return this.process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Wait until {@code /actuator/health/liveness} answers 200, polling every 20 ms.
	 * @return the time from process start to the first 200
	 */
	Duration awaitLive() {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
		HttpRequest request = HttpRequest.newBuilder(uri("/actuator/health/liveness"))
			.timeout(Duration.ofSeconds(5))
			.build();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						this.name + " exited; see " + Bench.output().resolve(this.name + ".log"));
			}
			try {
				if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return Duration.ofNanos(System.nanoTime() - this.startedNanos);
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
		}
		throw new IllegalStateException(this.name + " was not live within 180 s");
	}

	/**
	 * Wait until a listener of the app reports it has stopped: a pause answers within 2
	 * s, while the stop waits for a long poll on its way.
	 * @param id the listener
	 * @param timeout how long at most
	 */
	void awaitListenerStopped(String id, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		HttpRequest request = HttpRequest.newBuilder(uri("/actuator/listeners")).timeout(Duration.ofSeconds(5)).build();
		Pattern stopped = Pattern
			.compile("\\{\"id\":\"" + Pattern.quote(id) + "\",\"queue\":\"[^\"]*\",\"running\":false");
		while (System.nanoTime() < deadline) {
			try {
				if (stopped.matcher(http.send(request, HttpResponse.BodyHandlers.ofString()).body()).find()) {
					return;
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
		}
		throw new IllegalStateException(this.name + "'s listener " + id + " did not stop within " + timeout);
	}

	/**
	 * POST a JSON body to the app.
	 * @return the status
	 */
	int post(String path, String json) {
		try {
			return http
				.send(HttpRequest.newBuilder(uri(path))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(json))
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Resident set size in MB, from {@code /proc/<pid>/status} (Linux). */
	double rssMb() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(this.process.pid()), "status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		throw new IllegalStateException("No VmRSS for " + this.name);
	}

	/**
	 * User plus system CPU seconds of the process so far, from {@code /proc/<pid>/stat}.
	 */
	double cpuSeconds() {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(this.process.pid()), "stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			// fields[0] is field 3 (state): utime is field 14, stime field 15; 100 ticks
			// a second
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The AWS requests counted so far, as last written by the app.
	 * @return requests by {@code Service.Operation}
	 */
	Map<String, Long> requests() {
		return Bench.readCounts(this.requestFile);
	}

	/** SIGTERM, and wait for the graceful shutdown (which writes the final counts). */
	void stop() {
		if (this.process == null) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.process = null;
	}

}
