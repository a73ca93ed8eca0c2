package dev.fanoutlab.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A {@code moto_server} process on 127.0.0.1, started and stopped by the tests. It
 * emulates SNS, SQS and DynamoDB over HTTP; its state lives in memory and is gone when it
 * stops.
 */
public final class MotoServer {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

	private final int port;

	private final Path log;

	private Process process;

	private MotoServer(int port) {
		this.port = port;
		this.log = Path.of("target", "moto-server-" + port + ".log");
	}

	/**
	 * Start moto_server on a free port.
	 * @return the running server
	 */
	public static MotoServer startOnFreePort() {
		MotoServer server = new MotoServer(Ports.free());
		server.start();
		return server;
	}

	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	/**
	 * Start the server (again) on its port, with empty state, and wait until it answers.
	 */
	public synchronized void start() {
		if (isRunning()) {
			return;
		}
		try {
			Files.createDirectories(this.log.getParent());
			this.process = new ProcessBuilder(executable(), "-H", "127.0.0.1", "-p", Integer.toString(this.port))
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start moto_server: install it with \"make tools\" "
					+ "(or pip install 'moto[server]'), or point AWS_ENDPOINT_URL at a running emulator", ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
		awaitReady();
	}

	/**
	 * Stop the server and wait until it exited; its state is lost.
	 */
	public synchronized void stop() {
		LocalProcesses.stop(this.process);
		this.process = null;
	}

	/**
	 * The process id of the running server, to signal it (for example {@code kill -STOP}
	 * to freeze the emulator, as a brownout would).
	 * @return the pid
	 * @throws IllegalStateException if the server is not running
	 */
	public synchronized long pid() {
		if (!isRunning()) {
			throw new IllegalStateException("moto_server is not running");
		}
		return this.process.pid();
	}

	public synchronized boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	private void awaitReady() {
		LocalProcesses.awaitReady("moto_server", this.process, endpoint().resolve("/moto-api/"), STARTUP_TIMEOUT,
				this.log);
	}

	private static String executable() {
		String configured = System.getenv("MOTO_SERVER");
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			File candidate = new File(dir, "moto_server");
			if (candidate.canExecute()) {
				return candidate.getAbsolutePath();
			}
		}
		return "moto_server";
	}

}
