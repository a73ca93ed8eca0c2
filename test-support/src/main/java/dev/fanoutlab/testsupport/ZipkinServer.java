package dev.fanoutlab.testsupport;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A Zipkin server ({@code io.zipkin:zipkin-server} exec jar, in-memory storage) on
 * 127.0.0.1 and a free port, started and stopped by the tests, as {@code make demo}
 * starts one on 9411. Its jar is the file named by the system property
 * {@value #JAR_PROPERTY} (system-tests' build copies it from Maven Central); a missing
 * jar fails the test that needs it, it never skips.
 */
public final class ZipkinServer {

	/** The system property naming the exec jar. */
	public static final String JAR_PROPERTY = "fanoutlab.zipkin.jar";

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

	private final int port;

	private final Path log;

	private Process process;

	private ZipkinServer(int port) {
		this.port = port;
		this.log = Path.of("target", "zipkin-" + port + ".log");
	}

	/**
	 * Start Zipkin on a free port and wait until it answers.
	 * @return the running server
	 * @throws IllegalStateException if the jar is missing or Zipkin does not start
	 */
	public static ZipkinServer startOnFreePort() {
		ZipkinServer server = new ZipkinServer(Ports.free());
		server.start();
		return server;
	}

	/**
	 * Where Zipkin answers: its UI, and its API under {@code /api/v2/}.
	 * @return the base URI
	 */
	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	/**
	 * Where the services report spans
	 * ({@code management.tracing.export.zipkin.endpoint}).
	 * @return the spans endpoint
	 */
	public URI spansEndpoint() {
		return endpoint().resolve("/api/v2/spans");
	}

	private synchronized void start() {
		String jar = System.getProperty(JAR_PROPERTY);
		if (jar == null || !Files.isRegularFile(Path.of(jar))) {
			throw new IllegalStateException("No Zipkin server jar at " + JAR_PROPERTY + "=" + jar
					+ ": run the system tests through Maven (it copies io.zipkin:zipkin-server:exec from Maven Central)");
		}
		try {
			Files.createDirectories(this.log.getParent());
			this.process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar,
					"--armeria.ports[0].ip=127.0.0.1", "--armeria.ports[0].port=" + this.port,
					"--armeria.ports[0].protocols[0]=http")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start Zipkin from " + jar, ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
		awaitReady();
	}

	/**
	 * Stop the server and wait until it exited; its traces are lost.
	 */
	public synchronized void stop() {
		LocalProcesses.stop(this.process);
		this.process = null;
	}

	private void awaitReady() {
		LocalProcesses.awaitReady("Zipkin", this.process, endpoint().resolve("/health"), STARTUP_TIMEOUT, this.log);
	}

}
