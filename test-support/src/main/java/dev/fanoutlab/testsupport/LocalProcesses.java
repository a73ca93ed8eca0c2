package dev.fanoutlab.testsupport;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What the local servers the tests start as processes (moto_server, Zipkin) share:
 * waiting until one answers over HTTP, and stopping it.
 */
final class LocalProcesses {

	private LocalProcesses() {
	}

	/**
	 * Wait until {@code readiness} answers 200.
	 * @param name the server, for the messages
	 * @param process its process
	 * @param readiness a URL that answers 200 once it serves
	 * @param timeout how long at most
	 * @param log where its output goes, named when it exits at start
	 * @throws IllegalStateException if it exits or does not answer in time
	 */
	static void awaitReady(String name, Process process, URI readiness, Duration timeout, Path log) {
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			if (!process.isAlive()) {
				throw new IllegalStateException(name + " exited at start; see " + log.toAbsolutePath());
			}
			if (answers(readiness)) {
				return;
			}
			LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
		}
		throw new IllegalStateException(name + " did not answer within " + timeout);
	}

	/**
	 * Stop a process (SIGTERM, then SIGKILL after 10 s) and wait until it exited.
	 * @param process the process, or {@code null}
	 */
	static void stop(Process process) {
		if (process == null) {
			return;
		}
		process.destroy();
		try {
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static boolean answers(URI readiness) {
		try {
			HttpURLConnection connection = (HttpURLConnection) readiness.toURL().openConnection();
			connection.setConnectTimeout(500);
			connection.setReadTimeout(2000);
			return connection.getResponseCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
