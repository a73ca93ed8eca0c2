package dev.fanoutlab.console.timeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the readers' APIs the console looks processed orders up at:
 * consumer-service's {@code GET /api/orders/{orderId}} (404 until processed) and
 * notifier-service's {@code GET /api/notifications?orderId=} ({@code []} until
 * processed). An order counts as processed once the test says so.
 */
final class StandInReaders {

	private final HttpServer server;

	private final Set<String> processed = ConcurrentHashMap.newKeySet();

	private StandInReaders(HttpServer server) {
		this.server = server;
	}

	static StandInReaders start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			StandInReaders readers = new StandInReaders(server);
			server.createContext("/api/orders/", (exchange) -> {
				String orderId = exchange.getRequestURI().getPath().substring("/api/orders/".length());
				if (readers.processed.contains(orderId)) {
					answer(exchange, 200, "{\"orderId\":\"" + orderId + "\"}");
				}
				else {
					answer(exchange, 404, "{\"title\":\"Not Found\"}");
				}
			});
			server.createContext("/api/notifications", (exchange) -> {
				String query = String.valueOf(exchange.getRequestURI().getQuery());
				String orderId = query.substring(query.indexOf('=') + 1);
				answer(exchange, 200,
						readers.processed.contains(orderId) ? "[{\"orderId\":\"" + orderId + "\"}]" : "[]");
			});
			server.start();
			return readers;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void answer(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	void processed(String orderId) {
		this.processed.add(orderId);
	}

	void stop() {
		this.server.stop(0);
	}

}
