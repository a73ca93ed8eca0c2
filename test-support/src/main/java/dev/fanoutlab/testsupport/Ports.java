package dev.fanoutlab.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * Free TCP ports on this machine, for servers a test starts and may restart on the same
 * port.
 */
public final class Ports {

	private Ports() {
	}

	/**
	 * A port that was free a moment ago.
	 * @return the port
	 */
	public static int free() {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
