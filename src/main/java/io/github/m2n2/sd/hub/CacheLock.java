package io.github.m2n2.sd.hub;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.github.m2n2.engine.CanceledException;
import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.sd.hub.ModelDownloadException.Kind;

/**
 * Makes one downloader at a time the writer of a model's cache folder, across threads and across
 * processes (two Fiji instances, Fiji and a command-line run). The operating system's file lock
 * covers processes and is released if one dies; it does not exclude threads of the same JVM, so
 * a lock object per path covers those.
 */
final class CacheLock implements AutoCloseable {

	private static final ConcurrentHashMap<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();

	private final ReentrantLock threadLock;
	private final FileChannel channel;
	private final FileLock fileLock;

	private CacheLock(final ReentrantLock threadLock, final FileChannel channel, final FileLock fileLock) {
		this.threadLock = threadLock;
		this.channel = channel;
		this.fileLock = fileLock;
	}

	/**
	 * Waits until this process may write behind {@code lockFile}, reporting the wait.
	 *
	 * @param what names the model in the progress task and the timeout message
	 */
	static CacheLock acquire(final Path lockFile, final String what, final HubConfig config,
		final ProgressListener progress) throws ModelDownloadException
	{
		final Path key = lockFile.toAbsolutePath().normalize();
		final ReentrantLock threadLock = IN_THIS_JVM.computeIfAbsent(key, k -> new ReentrantLock());
		final long deadline = System.nanoTime() + config.lockWait().toNanos();
		try {
			boolean reported = false;
			while (!threadLock.tryLock(200, TimeUnit.MILLISECONDS)) {
				reported = waiting(what, progress, reported, deadline, lockFile);
			}
			try {
				Files.createDirectories(key.getParent());
				final FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
				try {
					FileLock fileLock;
					while ((fileLock = channel.tryLock()) == null) {
						reported = waiting(what, progress, reported, deadline, lockFile);
						Thread.sleep(200);
					}
					return new CacheLock(threadLock, channel, fileLock);
				}
				catch (final IOException | RuntimeException | InterruptedException | ModelDownloadException e) {
					channel.close();
					throw e;
				}
			}
			catch (final IOException | RuntimeException | InterruptedException | ModelDownloadException e) {
				threadLock.unlock();
				throw e;
			}
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new CanceledException();
		}
		catch (final IOException e) {
			throw new ModelDownloadException(Kind.CACHE, "Cannot lock the model cache at " + lockFile + ": " +
				e.getMessage(), e);
		}
	}

	private static boolean waiting(final String what, final ProgressListener progress, final boolean reported,
		final long deadline, final Path lockFile) throws ModelDownloadException
	{
		progress.checkCanceled();
		if (!reported) progress.progress("Waiting for another download of " + what, 0);
		if (System.nanoTime() > deadline)
			throw new ModelDownloadException(Kind.CACHE, "Another process has been downloading " + what +
				" for too long; if none is running, delete " + lockFile + " and try again.");
		return true;
	}

	@Override
	public void close() {
		try {
			fileLock.release();
			channel.close();
		}
		catch (final IOException e) {
			// Closing the channel releases the lock anyway; nothing more can be done.
		}
		finally {
			threadLock.unlock();
		}
	}
}
