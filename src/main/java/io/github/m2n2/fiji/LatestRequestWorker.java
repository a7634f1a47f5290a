package io.github.m2n2.fiji;

import java.util.function.BooleanSupplier;

/**
 * One background thread with a single "latest request" slot. Submitting replaces whatever is
 * still waiting, so a burst of edits costs at most the computation already running plus one
 * more; the running one sees itself go stale and may stop early. A result is handed over only
 * if no newer request arrived meanwhile, so a slow old answer never overwrites a newer one.
 *
 * @param <Q> request
 * @param <R> result
 */
public final class LatestRequestWorker<Q, R> implements AutoCloseable {

	/** The computation; {@code stale} turns true as soon as its result would be thrown away. */
	public interface Job<Q, R> {
		R compute(Q request, BooleanSupplier stale) throws Exception;
	}

	/** Receives results and failures of current requests only. */
	public interface Sink<Q, R> {
		void result(Q request, R result, long generation);

		void failure(Q request, Exception e, long generation);
	}

	private final Job<Q, R> job;
	private final Sink<Q, R> sink;
	private final Thread thread;
	private Q pending;
	private long generation;
	private long computed;
	private boolean busy;
	private boolean closed;

	public LatestRequestWorker(String name, Job<Q, R> job, Sink<Q, R> sink) {
		this.job = job;
		this.sink = sink;
		this.thread = new Thread(this::loop, name);
		thread.setDaemon(true);
		thread.start();
	}

	/** @return the request's generation: results carry it, {@link #isCurrent} compares it */
	public synchronized long submit(Q request) {
		if (closed) throw new IllegalStateException("The worker is closed.");
		pending = request;
		generation++;
		notifyAll();
		return generation;
	}

	/** Makes everything submitted so far stale without asking for new work. */
	public synchronized void discard() {
		pending = null;
		generation++;
		notifyAll();
	}

	public synchronized boolean isCurrent(long g) { return !closed && g == generation; }

	/** How many requests were actually computed (started), for tests and diagnostics. */
	public synchronized long computed() { return computed; }

	/** Waits until nothing is pending or running; for tests and macros that must see the result. */
	public synchronized boolean awaitIdle(long timeoutMillis) throws InterruptedException {
		long end = System.currentTimeMillis() + timeoutMillis;
		while ((pending != null || busy) && !closed) {
			long left = end - System.currentTimeMillis();
			if (left <= 0) return false;
			wait(left);
		}
		return true;
	}

	private void loop() {
		while (true) {
			Q request;
			long g;
			synchronized (this) {
				while (pending == null && !closed) {
					try {
						wait();
					} catch (InterruptedException e) {
						// only close() interrupts; the loop condition decides
					}
				}
				if (closed) return;
				request = pending;
				pending = null;
				g = generation;
				busy = true;
				computed++;
			}
			try {
				R result = job.compute(request, () -> !isCurrent(g));
				if (isCurrent(g)) sink.result(request, result, g);
			} catch (Exception e) {
				if (isCurrent(g)) sink.failure(request, e, g);
			} finally {
				synchronized (this) {
					busy = false;
					notifyAll();
				}
			}
		}
	}

	/** Stops the thread; the running computation sees itself stale and its result is dropped. */
	@Override
	public void close() {
		synchronized (this) {
			closed = true;
			pending = null;
			generation++;
			notifyAll();
		}
	}

	public boolean isClosed() {
		synchronized (this) {
			return closed;
		}
	}
}
