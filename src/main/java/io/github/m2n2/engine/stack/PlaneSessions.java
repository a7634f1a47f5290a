package io.github.m2n2.engine.stack;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.m2n2.engine.Attention;
import io.github.m2n2.engine.GuideImage;
import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.engine.SegmentationSession;
import io.github.m2n2.engine.Settings;

/**
 * One prepared {@link SegmentationSession} per plane, made on first use (attention, then
 * temperature and Sinkhorn in place) and kept while they fit the memory budget; beyond it the
 * least recently used plane is dropped and prepared again if it is needed again.
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
	private long attentionNanos, preparationNanos;

	PlaneSessions(PlaneGuides guides, PlaneAttention<E> attention, Settings settings, long budgetBytes, int resolution) {
		this.guides = guides;
		this.attention = attention;
		this.settings = settings;
		long perPlane = bytesPerPlane(guides.width(), guides.height(), resolution);
		this.capacity = (int) Math.max(1, Math.min(guides.planes(), budgetBytes / Math.max(1, perPlane)));
		this.sessions = new LinkedHashMap<>(16, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<Integer, SegmentationSession> eldest) {
				return size() > capacity;
			}
		};
	}

	/**
	 * Bytes one prepared plane occupies: the {@code r^2 x r^2} transition matrix, the guide and
	 * upsampler at image size, and the cached distance maps with their threshold profiles.
	 */
	static long bytesPerPlane(int width, int height, int resolution) {
		long n = (long) resolution * resolution;
		long pixels = (long) width * height;
		return 4 * n * n + pixels * (28 + 12L * ASSUMED_MAPS_PER_PLANE);
	}

	/** Planes kept prepared at once. */
	int capacity() { return capacity; }

	/** Sessions prepared so far (a dropped plane prepared again counts again). */
	long prepared() { return prepared; }

	/** Wall time spent in the backbone's attention so far. */
	long attentionNanos() { return attentionNanos; }

	/** Wall time spent preparing transition matrices (temperature, Sinkhorn) so far. */
	long preparationNanos() { return preparationNanos; }

	SegmentationSession session(int plane, ProgressListener progress) throws E {
		SegmentationSession s = sessions.get(plane);
		if (s != null) return s;
		GuideImage guide = guides.guide(plane);
		long t0 = System.nanoTime();
		Attention a = attention.compute(guide, plane, progress);
		long t1 = System.nanoTime();
		s = new SegmentationSession(guide, a, settings, true, progress);
		attentionNanos += t1 - t0;
		preparationNanos += System.nanoTime() - t1;
		prepared++;
		sessions.put(plane, s);
		return s;
	}

	void release() {
		sessions.clear();
	}
}
