package io.github.m2n2.sd.hub;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.FileSystemException;

import io.github.m2n2.sd.hub.ModelDownloadException.Kind;

/**
 * Turns what went wrong on the wire into one line that says what to do. The hub answers 401
 * both for models that do not exist and for private or gated ones when no token is sent (so as
 * not to reveal which private repositories exist), so that case names both possibilities.
 */
final class HubErrors {

	private HubErrors() { }

	/**
	 * @param model the model being fetched
	 * @param file the repository file, or null for the metadata request
	 */
	static ModelDownloadException forStatus(final int status, final String errorCode,
		final HubModelId model, final String file, final HubConfig config)
	{
		final String page = config.endpoint() + "/" + model.repoId();
		final String what = file == null ? "model " + model : file + " of model " + model;
		if ("GatedRepo".equals(errorCode) || (status == 403 && config.hasToken()))
			return new ModelDownloadException(Kind.ACCESS_DENIED, "Model " + model.repoId() +
				" is gated (HTTP " + status + "): accept its license at " + page +
				" while logged in, then set HF_TOKEN to an access token of that account" +
				(config.hasToken() ? " (the token that was sent has no access)." : "."));
		if (status == 401 || status == 403) {
			if (config.hasToken())
				return new ModelDownloadException(Kind.ACCESS_DENIED, "The hub refused the token in HF_TOKEN for " +
					what + " (HTTP " + status + "): check that the token is valid and has read access.");
			return new ModelDownloadException(Kind.NOT_FOUND, "Model " + model.repoId() +
				" was not found on " + config.endpoint() + " or is private or gated (HTTP " + status +
				"): check the id; for a gated model accept its license at " + page + " and set HF_TOKEN.");
		}
		if (status == 404) {
			if ("RevisionNotFound".equals(errorCode))
				return new ModelDownloadException(Kind.NOT_FOUND, "Model " + model.repoId() +
					" has no revision '" + model.revision() + "' (HTTP 404).");
			if ("EntryNotFound".equals(errorCode) || (file != null && !"RepoNotFound".equals(errorCode)))
				return new ModelDownloadException(Kind.NOT_FOUND, "File " + file + " is missing from model " +
					model + " (HTTP 404).");
			return new ModelDownloadException(Kind.NOT_FOUND, "No such model on " + config.endpoint() +
				": " + model.repoId() + " (HTTP 404). Check the spelling owner/name.");
		}
		if (status == 429 || status >= 500)
			return new ModelDownloadException(Kind.NETWORK, "The hub is busy or failing (HTTP " + status +
				") while fetching " + what + "; try again later.");
		return new ModelDownloadException(Kind.NETWORK, "Unexpected answer HTTP " + status +
			" from the hub while fetching " + what + ".");
	}

	/** True for the answers worth trying again: overload and server faults. */
	static boolean isTransient(final int status) {
		return status == 408 || status == 429 || status >= 500;
	}

	static ModelDownloadException forIOException(final IOException e, final HubModelId model,
		final String file, final HubConfig config)
	{
		final String what = file == null ? "model " + model : file + " of model " + model;
		if (isDiskFull(e))
			return new ModelDownloadException(Kind.DISK_FULL, "The disk is full while writing " + what +
				" into " + config.cacheRoot() + ": free some space or set M2N2_CACHE to a folder on a larger disk.", e);
		if (e instanceof FileSystemException)
			return new ModelDownloadException(Kind.CACHE, "Cannot write the model cache at " +
				config.cacheRoot() + ": " + e.getMessage(), e);
		final String host = hostOf(config.endpoint());
		final String reason;
		if (e instanceof UnknownHostException) reason = "unknown host " + host;
		else if (e instanceof ConnectException || e instanceof NoRouteToHostException) reason = "cannot connect to " + host;
		else if (e instanceof SocketTimeoutException) reason = "no answer from " + host + " in time";
		else reason = String.valueOf(e.getMessage());
		return new ModelDownloadException(Kind.NETWORK, "Network error while fetching " + what + " (" +
			reason + "): check the internet connection or proxy, or pass a local model folder.", e);
	}

	/** Linux, macOS and Windows phrase it differently; the JDK has no dedicated exception. */
	static boolean isDiskFull(final Throwable e) {
		for (Throwable t = e; t != null; t = t.getCause()) {
			final String m = t.getMessage();
			if (m != null && (m.contains("No space left on device") || m.contains("not enough space on the disk") ||
				m.contains("Disk quota exceeded"))) return true;
		}
		return false;
	}

	private static String hostOf(final String url) {
		final int start = url.indexOf("://");
		final String rest = start < 0 ? url : url.substring(start + 3);
		final int end = rest.indexOf('/');
		return end < 0 ? rest : rest.substring(0, end);
	}
}
