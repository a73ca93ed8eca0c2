package dev.fanoutlab.system;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.fanoutlab.testsupport.Ports;

import static org.awaitility.Awaitility.await;

/**
 * One Fanout Lab service running from its jar as a separate process, as {@code make demo}
 * runs it: the {@code local} profile, configured through the environment.
 */
final class ServiceProcess {

	/**
	 * The environment variable of the local profile's Zipkin endpoint; without it, span
	 * export is off (not sent to a demo's Zipkin on 9411).
	 */
	static final String ZIPKIN_ENDPOINT = "ZIPKIN_ENDPOINT";

	private final String name;

	private final int port;

	private final Map<String, String> environment;

	private final Path log;

	private Process process;

	ServiceProcess(String name, Map<String, String> environment) {
		this(name, environment, Path.of("target", name + ".log"));
	}

	/**
	 * A service with its own log file, for several instances of one service.
	 * @param name the module of the service, such as {@code consumer-service}
	 * @param environment its environment
	 * @param log where its output goes (appended to across restarts)
	 */
	ServiceProcess(String name, Map<String, String> environment, Path log) {
		this.name = name;
		this.port = Ports.free();
		this.environment = environment;
		this.log = log;
	}

	int port() {
		return this.port;
	}

	/**
	 * The process id of the running instance.
	 * @return the pid
	 * @throws IllegalStateException if it is not running
	 */
	long pid() {
		if (!isAlive()) {
			throw new IllegalStateException(this.name + " is not running");
		}
		return this.process.pid();
	}

	boolean isAlive() {
		return this.process != null && this.process.isAlive();
	}

	/**
	 * Crash the service: SIGKILL, no graceful shutdown, and wait until it exited.
	 * {@link #start} starts it again on the same port.
	 */
	void kill() {
		if (this.process == null) {
			return;
		}
		try {
			if (!this.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException(this.name + " did not exit after SIGKILL");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.process = null;
	}

	String name() {
		return this.name;
	}

	URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	/**
	 * Start the service; {@link #awaitHealthy()} waits until it serves.
	 * @param arguments extra Spring Boot arguments, such as {@code --some.property=value}
	 * @return this
	 */
	ServiceProcess start(String... arguments) {
		Path jar = jar();
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC",
				"-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "--spring.profiles.active=local",
				"--server.port=" + this.port, "--spring.cloud.aws.sqs.listener.poll-timeout=2s"));
		if (!this.environment.containsKey(ZIPKIN_ENDPOINT)) {
			command.add("--management.tracing.export.zipkin.enabled=false");
		}
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()));
		builder.environment().putAll(this.environment);
		try {
			Files.createDirectories(this.log.getParent());
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this;
	}

	void awaitHealthy() {
		HttpClient http = HttpClient.newHttpClient();
		await(this.name + " healthy").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited; see " + this.log.toAbsolutePath());
			}
			try {
				return http
					.send(HttpRequest.newBuilder(uri("/actuator/health")).build(),
							HttpResponse.BodyHandlers.discarding())
					.statusCode() == 200;
			}
			catch (IOException ex) {
				return false;
			}
		});
	}

	/** Stop as an orchestrator does: SIGTERM, then wait for the graceful shutdown. */
	void stop() {
		if (this.process == null) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(45, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.process = null;
	}

	private Path jar() {
		Path root = Path.of(System.getProperty("fanoutlab.root", ".."));
		Path jar = root.resolve(this.name)
			.resolve("target")
			.resolve(this.name + "-" + System.getProperty("fanoutlab.version", "0.1.0-SNAPSHOT") + ".jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: build it with ./mvnw package");
		}
		return jar;
	}

}
