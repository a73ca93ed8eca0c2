package dev.fanoutlab.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the AWS requests of this JVM by service and operation, every HTTP attempt
 * (retries included): what AWS bills. A global SDK interceptor (listed in
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}), so every SDK
 * client of a JVM with this jar on its class path counts, without code or configuration
 * in the application.
 * <p>
 * With the system property {@value #FILE_PROPERTY}, the counts are also written to that
 * file ({@code Service.Operation count} lines), every 200 ms and at exit, for the bench
 * to read from another process.
 */
public class RequestCounter implements ExecutionInterceptor {

	/** The system property naming the file the counts are written to. */
	public static final String FILE_PROPERTY = "fanoutlab.bench.requests";

	private static final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

	static {
		String file = System.getProperty(FILE_PROPERTY);
		if (file != null && !file.isBlank()) {
			Path path = Path.of(file);
			ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "bench-request-counter");
				thread.setDaemon(true);
				return thread;
			});
			writer.scheduleWithFixedDelay(() -> write(path), 200, 200, TimeUnit.MILLISECONDS);
			Runtime.getRuntime().addShutdownHook(new Thread(() -> write(path)));
		}
	}

	@Override
	public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
		String key = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
				+ attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
		counts.computeIfAbsent(key, (name) -> new LongAdder()).increment();
	}

	/**
	 * The counts so far.
	 * @return requests by {@code Service.Operation}, sorted
	 */
	public static Map<String, Long> snapshot() {
		Map<String, Long> snapshot = new TreeMap<>();
		counts.forEach((key, count) -> snapshot.put(key, count.sum()));
		return snapshot;
	}

	private static synchronized void write(Path path) {
		StringBuilder text = new StringBuilder();
		snapshot().forEach((key, count) -> text.append(key).append(' ').append(count).append('\n'));
		try {
			Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
			Files.writeString(temporary, text);
			Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
