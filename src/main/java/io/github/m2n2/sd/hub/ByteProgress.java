package io.github.m2n2.sd.hub;

import io.github.m2n2.engine.ProgressListener;

/**
 * Reports a multi-file download as one fraction, bytes done over bytes to fetch, so a progress
 * bar moves evenly across a 3 GB UNet and a 1 kB config. Reports are thinned to about a
 * thousand per download: a status bar redrawn for every 64 kB buffer would slow the transfer.
 */
final class ByteProgress {

	private final ProgressListener listener;
	private final String task;
	private final long total;
	private long finished; // bytes of completed files
	private long current; // bytes of the file in transfer
	private long lastReported = -1;

	ByteProgress(final ProgressListener listener, final String task, final long total) {
		this.listener = listener;
		this.task = task;
		this.total = Math.max(1, total);
	}

	ProgressListener listener() {
		return listener;
	}

	/** Bytes of the current file now on disk (it may shrink when a transfer starts over). */
	void fileBytes(final long bytes) {
		current = bytes;
		report(false);
	}

	/** The current file is complete with this many bytes. */
	void fileDone(final long bytes) {
		finished += bytes;
		current = 0;
		report(true);
	}

	void done() {
		listener.progress(task, 1.0);
	}

	private void report(final boolean always) {
		listener.checkCanceled();
		final long done = Math.min(total, finished + current);
		if (always || lastReported < 0 || Math.abs(done - lastReported) * 1000 >= total) {
			lastReported = done;
			listener.progress(task, (double) done / total);
		}
	}
}
