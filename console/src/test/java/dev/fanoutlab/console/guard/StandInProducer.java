package dev.fanoutlab.console.guard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for producer-service's {@code POST /api/orders}: answers 202 with a new
 * orderId and keeps every order it was sent, so a test sees whether the console placed
 * one.
 */
final class StandInProducer {

	private final HttpServer server;

	private final List<String> orders = new CopyOnWriteArrayList<>();

	private StandInProducer(HttpServer server) {
		this.server = server;
	}

	static StandInProducer start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			StandInProducer producer = new StandInProducer(server);
			server.createContext("/api/orders", (exchange) -> {
				producer.orders.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
				byte[] answer = ("{\"orderId\":\"" + UUID.randomUUID() + "\",\"eventId\":\"" + UUID.randomUUID()
						+ "\"}")
					.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(202, answer.length);
				exchange.getResponseBody().write(answer);
				exchange.close();
			});
			server.start();
			return producer;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	List<String> orders() {
		return this.orders;
	}

	void stop() {
		this.server.stop(0);
	}

	void clear() {
		this.orders.clear();
	}

}
