package dev.fanoutlab.producer.orders;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP endpoint on 127.0.0.1 in front of a real AWS emulator, to break the network as an
 * outage does, with no mock of the SDK: {@link Mode#PASS} forwards every byte,
 * {@link Mode#REFUSE} closes each connection at once (the service is down),
 * {@link Mode#HANG} accepts connections and reads requests but never answers (a
 * brownout), and {@link Mode#DROP_REPLIES} forwards every request to the emulator, which
 * carries it out, and throws its answers away (the call succeeded, the client never
 * learns it). {@link #dropNextReply()} does the latter to one connection only, as when
 * one attempt's answer is lost and the SDK's retry goes through. Changing the mode cuts
 * every open connection, so pooled keep-alive connections see the change too.
 */
final class FaultyEndpoint implements AutoCloseable {

	/** What the endpoint does with a connection. */
	public enum Mode {

		PASS, REFUSE, HANG, DROP_REPLIES

	}

	private final URI target;

	private final ServerSocket server;

	private final List<Socket> open = new CopyOnWriteArrayList<>();

	private volatile Mode mode = Mode.PASS;

	private final AtomicInteger repliesToDrop = new AtomicInteger();

	private FaultyEndpoint(URI target) throws IOException {
		this.target = target;
		this.server = new ServerSocket();
		this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
		Thread acceptor = new Thread(this::accept, "faulty-endpoint-" + this.server.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * Start an endpoint that forwards to {@code target}.
	 * @param target an {@code http://host:port} endpoint
	 * @return the endpoint, in {@link Mode#PASS}
	 */
	static FaultyEndpoint forwardingTo(URI target) {
		try {
			return new FaultyEndpoint(target);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.server.getLocalPort());
	}

	/**
	 * Change what the endpoint does, cutting every open connection.
	 * @param mode the new mode
	 */
	void mode(Mode mode) {
		this.mode = mode;
		this.repliesToDrop.set(0);
		for (Socket socket : this.open) {
			closeQuietly(socket);
		}
		this.open.clear();
	}

	/**
	 * Cut every open connection, and drop the answers on the next connection made in
	 * {@link Mode#PASS}: its requests reach the emulator, their answers never reach the
	 * client. Later connections pass.
	 */
	void dropNextReply() {
		mode(Mode.PASS);
		this.repliesToDrop.set(1);
	}

	@Override
	public void close() {
		mode(Mode.REFUSE);
		closeQuietly(this.server);
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Mode current = this.mode;
				if (current == Mode.PASS && this.repliesToDrop.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
					current = Mode.DROP_REPLIES;
				}
				switch (current) {
					case REFUSE -> closeQuietly(client);
					case HANG -> {
						this.open.add(client);
						pump(client.getInputStream(), OutputStream.nullOutputStream(), client, client);
					}
					case PASS -> {
						Socket upstream = new Socket(this.target.getHost(), this.target.getPort());
						this.open.add(client);
						this.open.add(upstream);
						pump(client.getInputStream(), upstream.getOutputStream(), client, upstream);
						pump(upstream.getInputStream(), client.getOutputStream(), client, upstream);
					}
					case DROP_REPLIES -> {
						Socket upstream = new Socket(this.target.getHost(), this.target.getPort());
						this.open.add(client);
						this.open.add(upstream);
						pump(client.getInputStream(), upstream.getOutputStream(), client, upstream);
						// The answer is read and thrown away; the client's connection
						// stays
						// open even if the emulator closes its own, so the client waits.
						pump(upstream.getInputStream(), OutputStream.nullOutputStream(), upstream, upstream);
					}
				}
			}
			catch (IOException ex) {
				// closed, or one connection failed: go on accepting while open
			}
		}
	}

	private void pump(InputStream in, OutputStream out, Socket a, Socket b) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try {
				int read;
				while ((read = in.read(buffer)) != -1) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// connection cut
			}
			finally {
				closeQuietly(a);
				closeQuietly(b);
				this.open.remove(a);
				this.open.remove(b);
			}
		});
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(Closeable closeable) {
		try {
			closeable.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

}
