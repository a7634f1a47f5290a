package io.github.m2n2.sd.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.m2n2.engine.CanceledException;
import io.github.m2n2.sd.hub.ModelDownloadException.Kind;

/**
 * Fetches one file into place so that the final name only ever holds a complete, verified file.
 * Bytes go to {@code <file>.incomplete}; an interrupted transfer (here or in an earlier run)
 * continues from where it stopped with an HTTP Range request; the finished file is checked
 * against the hub's size and checksum, flushed to disk, and renamed atomically into place.
 * A file with wrong bytes is deleted and fetched once more; wrong twice is an error.
 */
final class ResumableDownload {

	static final String PARTIAL_SUFFIX = ".incomplete";
	private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");

	private final HubConfig config;
	private final HubHttp http;

	ResumableDownload(final HubConfig config, final HubHttp http) {
		this.config = config;
		this.http = http;
	}

	static Path partialOf(final Path target) {
		return target.resolveSibling(target.getFileName() + PARTIAL_SUFFIX);
	}

	/**
	 * @param expected size and checksum the result must have (size known)
	 * @param target where the verified file ends up; its folder exists
	 */
	void fetch(final HubModelId model, final String url, final RepoFile expected, final Path target,
		final ByteProgress progress) throws ModelDownloadException
	{
		final Path partial = partialOf(target);
		IOException lastFailure = null;
		boolean corruptOnce = false;
		long wait = config.retryWait().toMillis();
		for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
			try {
				long have = Files.exists(partial) ? Files.size(partial) : 0;
				if (have > expected.size()) { // not a prefix of this file: start over
					Files.delete(partial);
					have = 0;
				}
				if (have < expected.size() || !Files.exists(partial)) transfer(model, url, expected, partial, have, progress);
				final long got = Files.size(partial);
				if (got < expected.size()) // the server closed early without an error
					throw new IOException("connection closed after " + got + " of " + expected.size() + " bytes");
				final String mismatch = ContentCheck.mismatch(partial, expected, progress.listener());
				if (mismatch == null) {
					moveIntoPlace(partial, target);
					progress.fileDone(expected.size());
					return;
				}
				Files.delete(partial); // never keep or resume from bytes known to be wrong
				progress.fileBytes(0);
				final String message = "Downloaded " + expected.path() + " of model " + model + " is corrupted (" +
					mismatch + ") and was deleted";
				if (corruptOnce)
					throw new ModelDownloadException(Kind.CORRUPT, message + ", twice; try again later or report it.");
				corruptOnce = true;
				lastFailure = new IOException(message);
				attempt--; // a corrupted file gets one more try of its own, not counted against the network
				continue;
			}
			catch (final RetryableStatus e) {
				lastFailure = e;
			}
			catch (final IOException e) {
				if (HubErrors.isDiskFull(e) || e instanceof FileSystemException)
					throw HubErrors.forIOException(e, model, expected.path(), config);
				lastFailure = e;
			}
			if (attempt < config.maxAttempts()) pause(wait, progress);
			wait = Math.min(wait * 2, 60_000);
		}
		final ModelDownloadException failure = lastFailure instanceof RetryableStatus
			? new ModelDownloadException(Kind.NETWORK, lastFailure.getMessage(), lastFailure)
			: HubErrors.forIOException(lastFailure, model, expected.path(), config);
		throw new ModelDownloadException(failure.kind(), failure.getMessage() + " Gave up after " +
			config.maxAttempts() + " attempts" + (Files.exists(partial)
				? "; the bytes received are kept and the next attempt resumes from them." : "."), lastFailure);
	}

	/** One HTTP transfer, appending to the partial file from byte {@code have}. */
	private void transfer(final HubModelId model, final String url, final RepoFile expected, final Path partial,
		final long have, final ByteProgress progress) throws IOException, ModelDownloadException
	{
		final HttpURLConnection conn = http.open("GET", url, have, true);
		try {
			final int status = conn.getResponseCode();
			long start;
			if (status == 200) start = 0; // a fresh download, or a server that ignores Range
			else if (status == 206) {
				start = rangeStart(conn.getHeaderField("Content-Range"));
				if (start != have) { // not what was asked for: start over rather than guess
					Files.deleteIfExists(partial);
					throw new RetryableStatus("asked for " + expected.path() + " from byte " + have + ", got it from " + start);
				}
			}
			else if (status == 416) { // nothing left past 'have': the partial file is not ours
				Files.deleteIfExists(partial);
				throw new RetryableStatus("server refused the byte range of " + expected.path() + "; starting over");
			}
			else if (HubErrors.isTransient(status))
				throw new RetryableStatus(HubErrors.forStatus(status, HubHttp.errorCode(conn), model, expected.path(),
					config).getMessage());
			else throw HubErrors.forStatus(status, HubHttp.errorCode(conn), model, expected.path(), config);

			try (InputStream in = conn.getInputStream();
				FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE))
			{
				channel.truncate(start);
				channel.position(start);
				final OutputStream out = Channels.newOutputStream(channel);
				final byte[] buffer = new byte[1 << 16];
				long written = start;
				progress.fileBytes(written);
				int n;
				while ((n = in.read(buffer)) >= 0) {
					if (written + n > expected.size())
						throw new IOException("server sent more than the " + expected.size() + " bytes of " + expected.path());
					out.write(buffer, 0, n);
					written += n;
					progress.fileBytes(written);
				}
				// On disk before the rename, so a crash cannot leave a complete-looking torn file.
				channel.force(true);
			}
		}
		finally {
			conn.disconnect();
		}
	}

	private static long rangeStart(final String contentRange) throws IOException {
		final Matcher m = contentRange == null ? null : CONTENT_RANGE.matcher(contentRange.trim());
		if (m == null || !m.matches()) throw new IOException("206 answer without a valid Content-Range: " + contentRange);
		return Long.parseLong(m.group(1));
	}

	private static void moveIntoPlace(final Path partial, final Path target) throws IOException {
		try {
			Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (final AtomicMoveNotSupportedException e) { // same folder, so only exotic file systems
			Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private static void pause(final long millis, final ByteProgress progress) {
		final long end = System.nanoTime() + millis * 1_000_000L;
		while (System.nanoTime() < end) {
			progress.listener().checkCanceled();
			try {
				Thread.sleep(Math.min(200, Math.max(1, (end - System.nanoTime()) / 1_000_000L)));
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new CanceledException();
			}
		}
	}

	/** An answer worth another attempt: overload, server fault, range mismatch. */
	private static final class RetryableStatus extends IOException {
		private static final long serialVersionUID = 1L;

		RetryableStatus(final String message) {
			super(message);
		}
	}
}
