package io.github.m2n2.sd.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import io.github.m2n2.sd.hub.ModelDownloadException.Kind;

/**
 * The hub's HTTP interface, as far as a downloader needs it:
 * <ul>
 * <li>{@code GET {endpoint}/api/models/{owner}/{name}/revision/{revision}?blobs=true} answers
 * the commit hash ({@code sha}) and the files ({@code siblings}), each with {@code rfilename},
 * {@code size}, {@code blobId} (git SHA-1) and, for LFS files, {@code lfs.sha256} and
 * {@code lfs.size};</li>
 * <li>{@code {endpoint}/{owner}/{name}/resolve/{revision}/{path}} serves a file, large ones by a
 * redirect to a CDN; a HEAD there answers {@code X-Linked-Size} and {@code X-Linked-Etag} (the
 * LFS SHA-256) for large files, {@code Content-Length} and {@code ETag} (the git SHA-1) for small
 * ones.</li>
 * </ul>
 */
final class HubApi {

	private final HubConfig config;
	private final HubHttp http;

	HubApi(final HubConfig config, final HubHttp http) {
		this.config = config;
		this.http = http;
	}

	String metadataUrl(final HubModelId model) {
		return config.endpoint() + "/api/models/" + model.owner() + "/" + model.name() + "/revision/" +
			encode(model.revision(), false) + "?blobs=true";
	}

	/** @param revision a commit hash (preferred: immutable) or the model's revision */
	String fileUrl(final HubModelId model, final String revision, final String path) {
		return config.endpoint() + "/" + model.owner() + "/" + model.name() + "/resolve/" +
			encode(revision, false) + "/" + encode(path, true);
	}

	/** The commit and file list of the model's revision. */
	RepoSnapshot snapshot(final HubModelId model) throws ModelDownloadException {
		final String url = metadataUrl(model);
		HttpURLConnection conn = null;
		try {
			conn = http.open("GET", url, 0, true);
			final int status = conn.getResponseCode();
			if (status != 200)
				throw HubErrors.forStatus(status, HubHttp.errorCode(conn), model, null, config);
			try (InputStream in = conn.getInputStream();
				Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8))
			{
				return parseSnapshot(JsonParser.parseReader(reader), model);
			}
		}
		catch (final IOException e) {
			throw HubErrors.forIOException(e, model, null, config);
		}
		catch (final JsonParseException | IllegalStateException | ClassCastException e) {
			throw new ModelDownloadException(Kind.NETWORK, "The hub's answer about " + model +
				" is not the expected JSON (" + e.getMessage() + "); is " + config.endpoint() + " a Hugging Face hub?", e);
		}
		finally {
			if (conn != null) conn.disconnect();
		}
	}

	static RepoSnapshot parseSnapshot(final JsonElement json, final HubModelId model)
		throws ModelDownloadException
	{
		if (!json.isJsonObject() || !json.getAsJsonObject().has("siblings"))
			throw new ModelDownloadException(Kind.NETWORK, "The hub's answer about " + model + " lists no files.");
		final JsonObject root = json.getAsJsonObject();
		final String commit = string(root, "sha");
		final JsonArray siblings = root.getAsJsonArray("siblings");
		final Map<String, RepoFile> files = new LinkedHashMap<>();
		for (final JsonElement e : siblings) {
			final JsonObject s = e.getAsJsonObject();
			final String path = string(s, "rfilename");
			if (path == null) continue;
			final JsonObject lfs = s.has("lfs") && s.get("lfs").isJsonObject() ? s.getAsJsonObject("lfs") : null;
			long size = number(s, "size");
			if (lfs != null && number(lfs, "size") >= 0) size = number(lfs, "size");
			// For an LFS file blobId hashes the pointer, not the content: only sha256 applies.
			final String sha256 = lfs == null ? null : string(lfs, "sha256");
			final String gitSha1 = lfs == null ? string(s, "blobId") : null;
			files.put(path, new RepoFile(path, size, sha256, gitSha1));
		}
		return new RepoSnapshot(commit, files);
	}

	/**
	 * Fills in size and checksum of a file the listing described incompletely, from a HEAD on its
	 * resolve URL without following the redirect (the redirect's headers are the hub's own).
	 */
	RepoFile describe(final HubModelId model, final String revision, final RepoFile file)
		throws ModelDownloadException
	{
		HttpURLConnection conn = null;
		try {
			conn = http.open("HEAD", fileUrl(model, revision, file.path()), 0, false);
			final int status = conn.getResponseCode();
			if (status >= 400) throw HubErrors.forStatus(status, HubHttp.errorCode(conn), model, file.path(), config);
			final String linkedSize = conn.getHeaderField("X-Linked-Size");
			final String linkedEtag = conn.getHeaderField("X-Linked-Etag");
			if (linkedSize != null || linkedEtag != null) // stored in LFS: the tag is the SHA-256
				return file.withMetadata(parseSize(linkedSize, file.size()), unquote(linkedEtag), null);
			if (HubHttp.isRedirect(status)) // a redirect without the hub's headers: nothing learned
				return file;
			final String etag = unquote(conn.getHeaderField("ETag"));
			return file.withMetadata(parseSize(conn.getHeaderField("Content-Length"), file.size()),
				etag != null && etag.length() == 64 ? etag : null, etag != null && etag.length() == 40 ? etag : null);
		}
		catch (final IOException e) {
			throw HubErrors.forIOException(e, model, file.path(), config);
		}
		finally {
			if (conn != null) conn.disconnect();
		}
	}

	private static long parseSize(final String header, final long fallback) {
		try {
			return header == null ? fallback : Long.parseLong(header.trim());
		}
		catch (final NumberFormatException e) {
			return fallback;
		}
	}

	/** {@code W/"abc"} and {@code "abc"} both mean abc. */
	static String unquote(final String etag) {
		if (etag == null) return null;
		String t = etag.trim();
		if (t.startsWith("W/")) t = t.substring(2);
		if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) t = t.substring(1, t.length() - 1);
		return t.isEmpty() ? null : t;
	}

	private static String string(final JsonObject o, final String key) {
		final JsonElement e = o.get(key);
		return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
	}

	private static long number(final JsonObject o, final String key) {
		final JsonElement e = o.get(key);
		return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() ? e.getAsLong() : -1;
	}

	/** Percent-encodes all but unreserved characters (and '/' when keepSlash), as URL paths need. */
	static String encode(final String text, final boolean keepSlash) {
		final StringBuilder sb = new StringBuilder();
		for (final byte b : text.getBytes(StandardCharsets.UTF_8)) {
			final char c = (char) (b & 0xff);
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
				c == '-' || c == '.' || c == '_' || c == '~' || (keepSlash && c == '/')) sb.append(c);
			else sb.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
				.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
		}
		return sb.toString();
	}
}
