package io.github.m2n2.sd.hub;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.Objects;

/**
 * Opens HTTP connections to the hub. HttpURLConnection rather than java.net.http.HttpClient
 * because its read timeout bounds every read: a transfer that stalls halfway through a 3 GB
 * file fails after a minute instead of hanging forever. It also honours the proxy settings that
 * Fiji users set as system properties.
 * <p>
 * Redirects are followed here, not by the JDK, so the access token goes only to the configured
 * endpoint and never to the CDN that large files are redirected to.
 */
final class HubHttp {

	static final String USER_AGENT = "m2n2-fiji (java)";
	private static final int MAX_REDIRECTS = 10;

	private final HubConfig config;
	private final URL endpoint;

	HubHttp(final HubConfig config) {
		this.config = config;
		try {
			this.endpoint = new URL(config.endpoint() + "/");
		}
		catch (final MalformedURLException e) {
			throw new IllegalArgumentException("not a valid hub endpoint URL: " + config.endpoint(), e);
		}
	}

	/**
	 * Sends a request; the caller reads the status and the body and disconnects.
	 *
	 * @param range the first byte wanted, or 0 for the whole file
	 * @param followRedirects false to see the hub's own answer (its X-Linked headers) for a HEAD
	 */
	HttpURLConnection open(final String method, final String url, final long range,
		final boolean followRedirects) throws IOException
	{
		if (config.offline()) // a last guard: offline callers must not get this far
			throw new IllegalStateException("offline mode: no request may be sent (" + url + ")");
		URL current = new URL(url);
		for (int hop = 0;; hop++) {
			final HttpURLConnection conn = (HttpURLConnection) current.openConnection();
			conn.setInstanceFollowRedirects(false);
			conn.setRequestMethod(method);
			conn.setConnectTimeout((int) config.connectTimeout().toMillis());
			conn.setReadTimeout((int) config.readTimeout().toMillis());
			conn.setRequestProperty("User-Agent", USER_AGENT);
			// Compressed bodies would make Content-Length and byte ranges refer to other bytes.
			conn.setRequestProperty("Accept-Encoding", "identity");
			if (range > 0) conn.setRequestProperty("Range", "bytes=" + range + "-");
			if (config.token() != null && sameOrigin(current, endpoint))
				conn.setRequestProperty("Authorization", "Bearer " + config.token());
			final int status = conn.getResponseCode();
			if (!followRedirects || !isRedirect(status)) return conn;
			final String location = conn.getHeaderField("Location");
			discard(conn);
			if (location == null) throw new IOException("redirect without a Location from " + current);
			if (hop >= MAX_REDIRECTS) throw new IOException("too many redirects from " + url);
			final URL next = new URL(current, location);
			if ("https".equals(current.getProtocol()) && !"https".equals(next.getProtocol()))
				throw new IOException("refusing a redirect from https to " + next.getProtocol() + ": " + next);
			current = next;
		}
	}

	static boolean isRedirect(final int status) {
		return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
	}

	private static boolean sameOrigin(final URL a, final URL b) {
		return a.getProtocol().equalsIgnoreCase(b.getProtocol()) &&
			a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
	}

	private static int port(final URL u) {
		return u.getPort() >= 0 ? u.getPort() : u.getDefaultPort();
	}

	/** Reads and drops what is left of a response so the connection can be reused, then closes. */
	static void discard(final HttpURLConnection conn) {
		try {
			InputStream in = conn.getErrorStream();
			if (in == null && conn.getResponseCode() < 400) in = conn.getInputStream();
			if (in != null) try (InputStream body = in) {
				final byte[] buffer = new byte[8192];
				long left = 1 << 16; // small bodies only; a big one is cheaper to cut off
				int n;
				while (left > 0 && (n = body.read(buffer)) >= 0) left -= n;
			}
		}
		catch (final IOException e) {
			// The answer was already read; failing to drain it only costs the connection.
		}
		conn.disconnect();
	}

	/** The hub's reason for an error, e.g. "GatedRepo", "RepoNotFound", "EntryNotFound". */
	static String errorCode(final HttpURLConnection conn) {
		return Objects.toString(conn.getHeaderField("X-Error-Code"), "");
	}
}
