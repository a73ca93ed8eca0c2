package dev.fanoutlab.testsupport;

import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;

/**
 * One Netty HTTP client for the async AWS clients of a test JVM. Closing an async client
 * that owns its Netty client waits Netty's 2 s quiet period; a client given this one
 * ({@code builder.httpClient(AsyncHttp.shared())}) does not close it, so closing that
 * client, or the Spring context that built it, returns at once. The JVM's exit ends its
 * threads.
 */
public final class AsyncHttp {

	private static final SdkAsyncHttpClient SHARED = NettyNioAsyncHttpClient.create();

	private AsyncHttp() {
	}

	/**
	 * The shared client.
	 * @return the Netty client every caller gets
	 */
	public static SdkAsyncHttpClient shared() {
		return SHARED;
	}

}
