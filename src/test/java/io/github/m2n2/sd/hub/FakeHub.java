package io.github.m2n2.sd.hub;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback stand-in for the Hugging Face hub that answers the way the hub does: the metadata
 * API with sizes and checksums, resolve URLs that serve small files directly (with a git-SHA-1
 * ETag) and redirect large ones to a CDN (a second server, so a different origin) with
 * X-Linked-Size and X-Linked-Etag, byte ranges, gated and missing repositories. Faults can be
 * injected per file: a connection cut halfway, wrong bytes of the right size, Range ignored.
 */
final class FakeHub implements AutoCloseable {

	/** One request as the server saw it. */
	static final class Request {
		final String server, method, path, range, authorization;

		Request(final String server, final String method, final String path, final String range,
			final String authorization)
		{
			this.server = server;
			this.method = method;
			this.path = path;
			this.range = range;
			this.authorization = authorization;
		}

		@Override
		public String toString() {
			return server + " " + method + " " + path + (range == null ? "" : " [" + range + "]");
		}
	}

	/** A repository: files by path; those ending in a weights suffix are stored in LFS. */
	static final class Repo {
		final String commit;
		final Map<String, byte[]> files = new LinkedHashMap<>();
		/** Status and X-Error-Code for every request without (the right) token, e.g. 401 GatedRepo. */
		int gatedStatus;
		String requiredToken;

		Repo(final String commit) {
			this.commit = commit;
		}

		Repo put(final String path, final byte[] content) {
			files.put(path, content);
			return this;
		}

		Repo put(final String path, final String content) {
			return put(path, content.getBytes(StandardCharsets.UTF_8));
		}
	}

	private final HttpServer hub, cdn;
	private final ExecutorService executor = Executors.newFixedThreadPool(4);
	private final Map<String, Repo> repos = new HashMap<>();
	private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
	private final Map<String, Integer> cutsLeft = new HashMap<>(), corruptionsLeft = new HashMap<>();
	private volatile boolean ignoreRange, blobsInListing = true;

	FakeHub() throws IOException {
		final InetAddress loopback = InetAddress.getLoopbackAddress();
		hub = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
		cdn = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
		hub.createContext("/", this::handleHub);
		cdn.createContext("/", this::handleCdn);
		hub.setExecutor(executor);
		cdn.setExecutor(executor);
		hub.start();
		cdn.start();
	}

	String endpoint() {
		return "http://127.0.0.1:" + hub.getAddress().getPort();
	}

	String cdnEndpoint() {
		return "http://127.0.0.1:" + cdn.getAddress().getPort();
	}

	synchronized Repo repo(final String repoId, final String commit) {
		final Repo r = new Repo(commit);
		repos.put(repoId, r);
		return r;
	}

	/** The next {@code times} transfers of the file stop after half of the body. */
	synchronized void cutConnection(final String path, final int times) {
		cutsLeft.put(path, times);
	}

	/** The next {@code times} transfers of the file carry wrong bytes of the right length. */
	synchronized void corrupt(final String path, final int times) {
		corruptionsLeft.put(path, times);
	}

	void ignoreRange(final boolean ignore) {
		ignoreRange = ignore;
	}

	/** False: the listing carries names only, as without {@code ?blobs=true}. */
	void blobsInListing(final boolean blobs) {
		blobsInListing = blobs;
	}

	List<Request> requests() {
		synchronized (requests) {
			return new ArrayList<>(requests);
		}
	}

	/** Requests whose path ends with the given text (a repository path or a blob hash). */
	List<Request> requestsFor(final String pathSuffix) {
		return requests().stream().filter(r -> r.path.endsWith(pathSuffix)).collect(Collectors.toList());
	}

	void clearRequests() {
		requests.clear();
	}

	static boolean isLfs(final String path) {
		return path.endsWith(".safetensors") || path.endsWith(".bin") || path.endsWith(".ckpt");
	}

	static String sha256(final byte[] data) {
		return ContentCheck.hex(ContentCheck.digest("SHA-256").digest(data));
	}

	static String gitSha1(final byte[] data) {
		final MessageDigest d = ContentCheck.digest("SHA-1");
		d.update(("blob " + data.length + "\0").getBytes(StandardCharsets.US_ASCII));
		return ContentCheck.hex(d.digest(data));
	}

	private static final Pattern API = Pattern.compile("/api/models/([^/]+/[^/]+)/revision/([^/?]+)");
	private static final Pattern RESOLVE = Pattern.compile("/([^/]+/[^/]+)/resolve/([^/]+)/(.+)");

	private void record(final String server, final HttpExchange ex) {
		requests.add(new Request(server, ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
			ex.getRequestHeaders().getFirst("Range"), ex.getRequestHeaders().getFirst("Authorization")));
	}

	private void handleHub(final HttpExchange ex) throws IOException {
		try {
			record("hub", ex);
			final String path = ex.getRequestURI().getRawPath();
			Matcher m = API.matcher(path);
			if (m.matches()) {
				final Repo repo = access(ex, m.group(1));
				if (repo == null) return;
				if (!revisionExists(ex, repo, m.group(2))) return;
				sendJson(ex, listing(m.group(1), repo));
				return;
			}
			m = RESOLVE.matcher(path);
			if (m.matches()) {
				final Repo repo = access(ex, m.group(1));
				if (repo == null || !revisionExists(ex, repo, m.group(2))) return;
				final byte[] content = repo.files.get(m.group(3));
				if (content == null) {
					error(ex, 404, "EntryNotFound");
					return;
				}
				ex.getResponseHeaders().set("X-Repo-Commit", repo.commit);
				if (isLfs(m.group(3))) {
					final String sha = sha256(content);
					ex.getResponseHeaders().set("X-Linked-Size", Long.toString(content.length));
					ex.getResponseHeaders().set("X-Linked-Etag", "\"" + sha + "\"");
					ex.getResponseHeaders().set("Location", cdnEndpoint() + "/blobs/" + sha + "?file=" + m.group(3));
					ex.sendResponseHeaders(302, -1);
					return;
				}
				ex.getResponseHeaders().set("ETag", "\"" + gitSha1(content) + "\"");
				serve(ex, m.group(3), content);
				return;
			}
			error(ex, 404, null);
		}
		finally {
			ex.close();
		}
	}

	private void handleCdn(final HttpExchange ex) throws IOException {
		try {
			record("cdn", ex);
			final String path = ex.getRequestURI().getRawPath();
			final String query = ex.getRequestURI().getQuery();
			final String file = query != null && query.startsWith("file=") ? query.substring(5) : null;
			final String sha = path.startsWith("/blobs/") ? path.substring(7) : "";
			synchronized (this) {
				for (final Repo repo : repos.values()) {
					final byte[] content = file == null ? null : repo.files.get(file);
					if (content != null && sha256(content).equals(sha)) {
						serve(ex, file, content);
						return;
					}
				}
			}
			error(ex, 404, null);
		}
		finally {
			ex.close();
		}
	}

	/** The repository if the request may see it, else null after answering like the hub. */
	private synchronized Repo access(final HttpExchange ex, final String repoId) throws IOException {
		final Repo repo = repos.get(repoId);
		if (repo == null) {
			error(ex, 404, "RepoNotFound");
			return null;
		}
		if (repo.gatedStatus != 0) {
			final String auth = ex.getRequestHeaders().getFirst("Authorization");
			if (repo.requiredToken == null || !("Bearer " + repo.requiredToken).equals(auth)) {
				error(ex, repo.gatedStatus, repo.gatedStatus == 403 ? "GatedRepo" : null);
				return null;
			}
		}
		return repo;
	}

	private static boolean revisionExists(final HttpExchange ex, final Repo repo, final String revision)
		throws IOException
	{
		if (revision.equals("main") || revision.equals(repo.commit)) return true;
		error(ex, 404, "RevisionNotFound");
		return false;
	}

	private JsonObject listing(final String repoId, final Repo repo) {
		final JsonObject root = new JsonObject();
		root.addProperty("id", repoId);
		root.addProperty("sha", repo.commit);
		final JsonArray siblings = new JsonArray();
		for (final Map.Entry<String, byte[]> e : repo.files.entrySet()) {
			final JsonObject s = new JsonObject();
			s.addProperty("rfilename", e.getKey());
			if (blobsInListing) {
				final byte[] c = e.getValue();
				if (isLfs(e.getKey())) {
					final String pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:" + sha256(c) +
						"\nsize " + c.length + "\n";
					s.addProperty("size", c.length);
					s.addProperty("blobId", gitSha1(pointer.getBytes(StandardCharsets.UTF_8)));
					final JsonObject lfs = new JsonObject();
					lfs.addProperty("sha256", sha256(c));
					lfs.addProperty("size", c.length);
					lfs.addProperty("pointerSize", pointer.length());
					s.add("lfs", lfs);
				}
				else {
					s.addProperty("size", c.length);
					s.addProperty("blobId", gitSha1(c));
				}
			}
			siblings.add(s);
		}
		root.add("siblings", siblings);
		return root;
	}

	/** Serves content with Range support and the injected faults. */
	private void serve(final HttpExchange ex, final String file, final byte[] content) throws IOException {
		final boolean head = ex.getRequestMethod().equals("HEAD");
		final boolean cut, corrupt;
		synchronized (this) {
			cut = !head && take(cutsLeft, file);
			corrupt = !head && take(corruptionsLeft, file);
		}
		byte[] body = content;
		if (corrupt) {
			body = content.clone();
			body[body.length / 2] ^= 0x5a;
		}
		int start = 0;
		final String range = ex.getRequestHeaders().getFirst("Range");
		final Matcher m = range == null ? null : Pattern.compile("bytes=(\\d+)-").matcher(range);
		if (m != null && m.matches() && !ignoreRange) {
			start = Integer.parseInt(m.group(1));
			if (start >= content.length) {
				ex.getResponseHeaders().set("Content-Range", "bytes */" + content.length);
				ex.sendResponseHeaders(416, -1);
				return;
			}
			ex.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + (content.length - 1) + "/" + content.length);
		}
		final int length = content.length - start;
		ex.getResponseHeaders().set("Accept-Ranges", "bytes");
		if (head) {
			ex.getResponseHeaders().set("Content-Length", Integer.toString(length));
			ex.sendResponseHeaders(200, -1);
			return;
		}
		ex.sendResponseHeaders(start > 0 ? 206 : 200, length);
		final OutputStream out = ex.getResponseBody();
		if (cut) {
			// Half the body, then the connection drops, as when a network fails mid-transfer.
			out.write(body, start, length / 2);
			out.flush();
			throw new IOException("fake hub: connection cut on purpose");
		}
		out.write(body, start, length);
	}

	private static boolean take(final Map<String, Integer> faults, final String file) {
		final Integer left = faults.get(file);
		if (left == null || left <= 0) return false;
		faults.put(file, left - 1);
		return true;
	}

	private static void error(final HttpExchange ex, final int status, final String errorCode) throws IOException {
		if (errorCode != null) ex.getResponseHeaders().set("X-Error-Code", errorCode);
		final byte[] body = ("{\"error\":\"" + (errorCode == null ? "error" : errorCode) + "\"}").getBytes(StandardCharsets.UTF_8);
		ex.sendResponseHeaders(status, body.length);
		ex.getResponseBody().write(body);
	}

	private static void sendJson(final HttpExchange ex, final JsonObject json) throws IOException {
		final byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
		ex.getResponseHeaders().set("Content-Type", "application/json");
		ex.sendResponseHeaders(200, body.length);
		ex.getResponseBody().write(body);
	}

	@Override
	public void close() {
		hub.stop(0);
		cdn.stop(0);
		executor.shutdownNow();
	}
}
