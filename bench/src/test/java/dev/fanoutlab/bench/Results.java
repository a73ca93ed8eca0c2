package dev.fanoutlab.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The figures of a bench run, and the Markdown table {@code make bench} prints.
 */
final class Results {

	private final Map<String, Samples> samples = new LinkedHashMap<>();

	/** Requests by side, then by {@code Service.Operation}, summed over the rounds. */
	private final Map<String, Map<String, Long>> requests = new TreeMap<>();

	/** Orders (or messages) by side, summed over the rounds. */
	private final Map<String, Long> orders = new TreeMap<>();

	synchronized Samples samples(String figure) {
		return this.samples.computeIfAbsent(figure, (name) -> new Samples());
	}

	synchronized void requests(String side, int orderCount, Map<String, Long> counted) {
		Map<String, Long> total = this.requests.computeIfAbsent(side, (name) -> new TreeMap<>());
		counted.forEach((operation, count) -> total.merge(operation, count, Long::sum));
		this.orders.merge(side, (long) orderCount, Long::sum);
	}

	/**
	 * Requests per 1,000 orders of one side.
	 * @param side such as {@code consumer-service} or {@code raw drain}
	 * @return by {@code Service.Operation}
	 */
	synchronized Map<String, Double> requestsPerThousand(String side) {
		Map<String, Double> perThousand = new TreeMap<>();
		long count = this.orders.getOrDefault(side, 0L);
		this.requests.getOrDefault(side, Map.of())
			.forEach((operation, total) -> perThousand.put(operation, total * 1000.0 / count));
		return perThousand;
	}

	synchronized Map<String, Samples> figures() {
		return new LinkedHashMap<>(this.samples);
	}

	String markdown(BenchSettings settings, Duration took) {
		StringBuilder out = new StringBuilder();
		out.append("# make bench results\n\n");
		out.append(String.format(Locale.ROOT,
				"%d alternating round(s); %d messages per drain, %d orders per publish run; %d consumer threads, "
						+ "%d HTTP clients; took %d s. Machine: %d CPUs, %s %s, Java %s.%n%n",
				settings.rounds(), settings.drainMessages(), settings.orders(), settings.consumerThreads(),
				settings.httpClients(), took.toSeconds(), Runtime.getRuntime().availableProcessors(),
				System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version")));
		out.append("Each cell: median (min–max) over the rounds. Ratios are taken per round, service ÷ baseline.\n\n");
		out.append("| Figure | Service | Baseline | Ratio |\n|---|---|---|---|\n");
		row(out, "Consumer drain, msg/s (vs raw receive→get→put→delete)", "drain service", "drain raw", "drain ratio",
				"%.0f");
		if (this.samples.containsKey("drain tuned")) {
			row(out, "Consumer drain, msg/s, max-concurrent-messages " + settings.tunedConcurrency()
					+ " (vs the same raw drain)", "drain tuned", "drain raw", "drain tuned ratio", "%.0f");
		}
		row(out, "Producer HTTP→publish, orders/s (vs raw SDK publish)", "publish service", "publish raw",
				"publish ratio", "%.0f");
		List<String> started = new ArrayList<>(settings.startupServices());
		this.samples.keySet()
			.stream()
			.filter((name) -> name.startsWith("startup ratio producer-service, "))
			.forEach((name) -> started.add(name.substring("startup ratio ".length())));
		for (String service : started) {
			row(out, "Startup to liveness, s: " + service + " (vs hello-web)", "startup " + service,
					"startup hello-web", "startup ratio " + service, "%.2f");
		}
		for (String service : started) {
			row(out, "RSS idle, MB: " + service + " (vs hello-web)", "rss " + service, "rss hello-web",
					"rss ratio " + service, "%.0f");
		}
		List<String> loaded = new ArrayList<>(List.of("consumer-service", "producer-service"));
		if (this.samples.containsKey("drain tuned")) {
			loaded.add(1, "consumer-service, tuned");
		}
		for (String service : loaded) {
			row(out, "RSS under load, MB: " + service + " (vs hello-web idle)", "rss load " + service, "rss hello-web",
					null, "%.0f");
			row(out, "CPU s per 1,000 messages: " + service, "cpu " + service, null, null, "%.2f");
		}
		out.append("\n## AWS requests per 1,000 orders, by action\n\n");
		requestTable(out, "consumer-service", "raw drain");
		if (this.requests.containsKey("consumer-service, tuned")) {
			requestTable(out, "consumer-service, tuned", "raw drain");
		}
		requestTable(out, "producer-service", "raw publish");
		out.append("\nRequests are HTTP attempts to AWS counted by an SDK execution interceptor in each JVM "
				+ "(retries included); the service side also counts its background calls while it ran "
				+ "(queue-depth metrics, empty long polls at the end of the drain).\n");
		return out.toString();
	}

	private void row(StringBuilder out, String label, String service, String baseline, String ratio, String format) {
		out.append("| ")
			.append(label)
			.append(" | ")
			.append(samples(service).format(format))
			.append(" | ")
			.append((baseline != null) ? samples(baseline).format(format) : "-")
			.append(" | ");
		if (ratio != null) {
			out.append(samples(ratio).format("%.2f")).append("×");
		}
		else if (baseline != null && !samples(service).isEmpty() && !samples(baseline).isEmpty()) {
			out.append(String.format(Locale.ROOT, "%.2f×", samples(service).median() / samples(baseline).median()));
		}
		else {
			out.append("-");
		}
		out.append(" |\n");
	}

	private void requestTable(StringBuilder out, String service, String raw) {
		Map<String, Double> ours = requestsPerThousand(service);
		Map<String, Double> theirs = requestsPerThousand(raw);
		TreeSet<String> operations = new TreeSet<>(ours.keySet());
		operations.addAll(theirs.keySet());
		out.append("\n| ").append(service).append(" | Service | Raw harness |\n|---|---|---|\n");
		List<Double> totals = new ArrayList<>(List.of(0.0, 0.0));
		for (String operation : operations) {
			double a = ours.getOrDefault(operation, 0.0);
			double b = theirs.getOrDefault(operation, 0.0);
			totals.set(0, totals.get(0) + a);
			totals.set(1, totals.get(1) + b);
			out.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f |%n", operation, a, b));
		}
		out.append(String.format(Locale.ROOT, "| **total** | **%.0f** | **%.0f** (ratio %.2f×) |%n", totals.get(0),
				totals.get(1), (totals.get(1) > 0) ? totals.get(0) / totals.get(1) : Double.NaN));
	}

}
