package io.github.m2n2.engine.stack;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.m2n2.engine.Attention;
import io.github.m2n2.engine.CanceledException;
import io.github.m2n2.engine.GuideImage;
import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.engine.SegmentationSession;
import io.github.m2n2.engine.Settings;
import io.github.m2n2.engine.TransitionMatrix;

/**
 * One prepared {@link SegmentationSession} per plane, made on first use (attention, then
 * temperature and Sinkhorn in place) and kept while they fit the memory budget; beyond it the
 * least recently used plane is dropped and prepared again if it is needed again.
 *
 * <p>The next plane of a walk can be prepared ahead, on a background thread, while the current
 * one is segmented ({@link #prepareAhead}): a plane's preparation does not depend on any
 * segmentation, and it fills the moments when the segmentation leaves a core idle. At most one
 * plane is prepared ahead, only where the budget has room for it beside the planes kept, and the
 * backbone is never called from two threads at once (a plane needed now waits for the one being
 * prepared ahead first).
 */
final class PlaneSessions<E extends Exception> {

	/** Distance maps a plane's session is assumed to hold, for the memory estimate. */
	static final int ASSUMED_MAPS_PER_PLANE = 16;

	private final PlaneGuides guides;
	private final PlaneAttention<E> attention;
	private final Settings settings;
	private final int capacity;
	private final LinkedHashMap<Integer, SegmentationSession> sessions;
	private long prepared;
	private long attentionNanos, preparationNanos, waitNanos;
	private ExecutorService ahead;
	private Future<Prepared> pending;
	private int pendingPlane = -1;
	/** Stops the plane being prepared ahead: each plane ahead has its own, so a new one is not stopped by an old stop. */
	private java.util.concurrent.atomic.AtomicBoolean cancelAhead;
	private final Object backbone = new Object();
	/** Planes prepared ahead and kept while the caller needed another; counted when first used. */
	private final Map<Integer, Prepared> unused = new java.util.HashMap<>();

	PlaneSessions(PlaneGuides guides, PlaneAttention<E> attention, Settings settings, long budgetBytes, int resolution) {
		this.guides = guides;
		this.attention = attention;
		this.settings = settings;
		long perPlane = bytesPerPlane(guides.width(), guides.height(), resolution, settings);
		long budget = budgetBytes - preparingBytes(resolution, settings);
		this.capacity = (int) Math.max(1, Math.min(guides.planes(), budget / Math.max(1, perPlane)));
		this.sessions = new LinkedHashMap<>(16, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<Integer, SegmentationSession> eldest) {
				if (size() <= capacity) return false;
				unused.remove(eldest.getKey());
				return true;
			}
		};
	}

	/**
	 * Bytes one prepared plane occupies: the {@code r^2 x r^2} transition matrix, the guide and
	 * upsampler at image size, and the cached distance maps with their threshold profiles.
	 */
	static long bytesPerPlane(int width, int height, int resolution, Settings settings) {
		long pixels = (long) width * height;
		return TransitionMatrix.heldBytes(resolution, settings) + pixels * (28 + 12L * ASSUMED_MAPS_PER_PLANE);
	}

	/** Bytes one plane's preparation needs beyond what the prepared plane then holds (the attention it is packed from). */
	static long preparingBytes(int resolution, Settings settings) {
		return TransitionMatrix.peakBytes(resolution, settings) - TransitionMatrix.heldBytes(resolution, settings);
	}

	/** Planes kept prepared at once. */
	int capacity() { return capacity; }

	/** Sessions prepared so far and used (a dropped plane prepared again counts again; one prepared ahead and never used does not count). */
	long prepared() { return prepared; }

	/** Time spent in the backbone's attention so far, ahead or not. */
	long attentionNanos() { return attentionNanos; }

	/** Time spent preparing transition matrices (temperature, Sinkhorn) so far, ahead or not. */
	long preparationNanos() { return preparationNanos; }

	/** Time the caller spent in {@link #session} preparing a plane or waiting for one. */
	long waitNanos() { return waitNanos; }

	/** A plane's session and what it cost. */
	private static final class Prepared {
		final SegmentationSession session;
		final long attentionNanos, preparationNanos;

		Prepared(SegmentationSession session, long attentionNanos, long preparationNanos) {
			this.session = session;
			this.attentionNanos = attentionNanos;
			this.preparationNanos = preparationNanos;
		}
	}

	private Prepared prepare(int plane, ProgressListener progress) throws E {
		GuideImage guide = guides.guide(plane);
		long t0 = System.nanoTime();
		Attention a;
		// one backbone call at a time, also while a stopped plane ahead is still finishing its own
		synchronized (backbone) {
			progress.checkCanceled();
			a = attention.compute(guide, plane, progress);
		}
		long t1 = System.nanoTime();
		SegmentationSession s = new SegmentationSession(guide, a, settings, true, progress);
		return new Prepared(s, t1 - t0, System.nanoTime() - t1);
	}

	private SegmentationSession adopt(int plane, Prepared p) {
		attentionNanos += p.attentionNanos;
		preparationNanos += p.preparationNanos;
		prepared++;
		sessions.put(plane, p.session);
		return p.session;
	}

	SegmentationSession session(int plane, ProgressListener progress) throws E {
		Prepared early = unused.remove(plane);
		if (early != null && sessions.get(plane) == early.session) return adopt(plane, early);
		SegmentationSession s = sessions.get(plane);
		if (s != null) return s;
		long t0 = System.nanoTime();
		try {
			Prepared p = awaitAhead(plane, progress);
			if (p != null) return adopt(plane, p);
			return adopt(plane, prepare(plane, progress));
		} finally {
			waitNanos += System.nanoTime() - t0;
		}
	}

	/**
	 * Starts preparing {@code plane} on the background thread, unless it is prepared or being
	 * prepared already, another plane is being prepared, or the budget has no room for it beside
	 * the planes kept.
	 */
	void prepareAhead(int plane) {
		if (plane < 0 || plane >= guides.planes() || sessions.containsKey(plane) || pending != null) return;
		if (sessions.size() + 1 >= capacity) return;
		if (ahead == null) {
			ahead = Executors.newSingleThreadExecutor(r -> {
				Thread t = new Thread(r, "m2n2 plane preparation");
				t.setDaemon(true);
				return t;
			});
		}
		java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
		cancelAhead = stop;
		ProgressListener background = new ProgressListener() {
			@Override
			public void progress(String task, double fraction) { }

			@Override
			public boolean isCanceled() { return stop.get(); }
		};
		pendingPlane = plane;
		pending = ahead.submit(() -> prepare(plane, background));
	}

	/**
	 * Waits for the plane being prepared ahead. Returns it when it is {@code plane}; any other is
	 * kept for later (so the backbone is free), and a failed one is forgotten: the caller then
	 * prepares the plane itself and meets the failure there.
	 */
	private Prepared awaitAhead(int plane, ProgressListener progress) {
		if (pending == null) return null;
		Future<Prepared> f = pending;
		int p = pendingPlane;
		Prepared done = null;
		try {
			while (true) {
				try {
					done = f.get(100, java.util.concurrent.TimeUnit.MILLISECONDS);
					break;
				} catch (java.util.concurrent.TimeoutException e) {
					if (progress.isCanceled()) {
						stopAhead();
						progress.checkCanceled();
					}
				}
			}
		} catch (ExecutionException | java.util.concurrent.CancellationException e) {
			done = null;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			stopAhead();
			throw new CanceledException();
		}
		pending = null;
		pendingPlane = -1;
		if (done == null) return null;
		if (p == plane) return done;
		// kept, but counted only once it is used
		sessions.put(p, done.session);
		unused.put(p, done);
		return null;
	}

	/**
	 * Stops and forgets a plane being prepared ahead (end of a walk, cancel, release) without
	 * waiting for it: it ends at its next check for a stop, or when its backbone call returns.
	 */
	void stopAhead() {
		if (pending == null) return;
		cancelAhead.set(true);
		pending = null;
		pendingPlane = -1;
	}

	void release() {
		stopAhead();
		sessions.clear();
		unused.clear();
		if (ahead != null) {
			ahead.shutdown();
			ahead = null;
		}
	}
}
