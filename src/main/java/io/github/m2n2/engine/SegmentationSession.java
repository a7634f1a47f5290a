package io.github.m2n2.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * M2N2 on one image: the transition matrix is prepared once, each click position's distance
 * map (Markov-map, upsampling, flood fill, candidate profile) is computed once and cached, and
 * every call to {@link #segment} only re-chooses thresholds and merges. Adding a click
 * therefore costs one Markov-map; removing or relabelling one costs none.
 *
 * <p>Not thread-safe: callers that segment from several threads synchronise on the session.
 */
public final class SegmentationSession {

	/** Cached maps kept beyond those of the current clicks, for undo and re-adding. */
	private static final int SPARE_CACHED_MAPS = 32;

	/**
	 * Working memory of one batch of maps upsampled together (each map needs about two images
	 * of floats while it is upsampled): enough for a stack plane's derived clicks at once, while
	 * a hundred clicks on a large image go in several batches.
	 */
	private static final long UPSAMPLING_BATCH_BYTES = 256L << 20;

	private final GuideImage image;
	private final Attention attention;
	private final boolean attentionConsumed;
	private Settings settings;
	private TransitionMatrix transition;
	private JointBilateralUpsampler upsampler;
	private final Map<Long, PointMap> cache = new HashMap<>();
	private long markovMapsComputed;

	private static final class PointMap {
		final float[] distance;
		final ThresholdChooser.Profile profile;

		PointMap(float[] distance, ThresholdChooser.Profile profile) {
			this.distance = distance;
			this.profile = profile;
		}
	}

	/** Prepares a copy of the attention; the attention itself stays as it is. */
	public SegmentationSession(GuideImage image, Attention attention, Settings settings, ProgressListener progress) {
		this(image, attention, settings, false, progress);
	}

	/**
	 * @param consumeAttention prepare in place, overwriting the attention's values: halves the
	 *                         memory, but preparation settings can then not be changed later
	 */
	public SegmentationSession(GuideImage image, Attention attention, Settings settings, boolean consumeAttention,
		ProgressListener progress) {
		this.image = image;
		// a consumed attention holds nothing of use any more: let it go (1 GiB at r = 128)
		this.attention = consumeAttention ? null : attention;
		this.attentionConsumed = consumeAttention;
		this.settings = settings.copy().validate();
		this.transition = consumeAttention ? TransitionMatrix.prepareInPlace(attention, this.settings, progress)
			: TransitionMatrix.prepare(attention, this.settings, progress);
		this.upsampler = new JointBilateralUpsampler(image, transition.resolution(), this.settings);
	}

	public GuideImage image() { return image; }

	public int resolution() { return transition.resolution(); }

	public Settings settings() { return settings.copy(); }

	/** How many Markov-maps this session has computed: the observable cost of new clicks. */
	public long markovMapsComputed() { return markovMapsComputed; }

	/** Number of click positions whose maps are cached. */
	public int cachedMaps() { return cache.size(); }

	/** Changes settings, recomputing only what they affect. */
	public void updateSettings(Settings newSettings, ProgressListener progress) {
		Settings s = newSettings.copy().validate();
		if (!s.samePreparation(settings)) {
			if (attentionConsumed)
				throw new IllegalStateException("Temperature and Sinkhorn iterations cannot change in a session that prepared its attention in place; start a new session.");
			transition = TransitionMatrix.prepare(attention, s, progress);
		}
		boolean sameMaps = s.sameDistanceMaps(settings);
		boolean sameProfiles = s.samePointProfiles(settings);
		settings = s;
		if (!sameMaps) upsampler = new JointBilateralUpsampler(image, transition.resolution(), s);
		if (!sameProfiles) cache.clear();
	}

	/** Segments with these clicks (in click order); an empty list gives all background. */
	public Segmentation segment(List<Click> clicks, ProgressListener progress) {
		int w = image.width(), h = image.height();
		for (Click c : clicks) {
			if (c.x() < 0 || c.y() < 0 || c.x() >= w || c.y() >= h)
				throw new IllegalArgumentException("Point (" + c.x() + ", " + c.y() + ") lies outside the " + w + " x " + h + " image.");
			if (c.label() > 65535) throw new IllegalArgumentException("Label " + c.label() + " is above 65535, the largest a 16-bit label image holds.");
		}
		computeMissing(clicks, progress);
		int k = clicks.size();
		float[][] distances = new float[k][];
		PointMap[] maps = new PointMap[k];
		for (int i = 0; i < k; i++) {
			maps[i] = cache.get(key(clicks.get(i)));
			distances[i] = maps[i].distance;
		}
		float[] thresholds = new float[k];
		for (int i = 0; i < k; i++) {
			Click ci = clicks.get(i);
			List<Float> own = new ArrayList<>(), other = new ArrayList<>();
			for (Click cj : clicks) {
				float d = distances[i][cj.y() * w + cj.x()];
				if (cj.label() == ci.label()) own.add(d);
				else other.add(d);
			}
			thresholds[i] = ThresholdChooser.choose(maps[i].profile, toArray(own), toArray(other), settings);
		}
		if (settings.correction() == Settings.Correction.LOCAL) {
			ThresholdChooser.Profile[] profiles = new ThresholdChooser.Profile[k];
			for (int i = 0; i < k; i++) profiles[i] = maps[i].profile;
			thresholds = LocalCorrection.thresholds(distances, profiles, clicks, w, settings);
		}
		short[] labels = NearestPromptMerge.merge(distances, thresholds, clicks, w, h);
		evictUnused(clicks);
		return new Segmentation(w, h, labels, clicks, thresholds, distances);
	}

	private void computeMissing(List<Click> clicks, ProgressListener progress) {
		List<Click> missing = new ArrayList<>();
		for (Click c : clicks) {
			if (cache.containsKey(key(c))) continue;
			boolean listed = false;
			for (Click m : missing) listed |= m.samePixel(c);
			if (!listed) missing.add(c);
		}
		if (missing.isEmpty()) return;
		int m = missing.size();
		int[] xs = new int[m], ys = new int[m];
		for (int i = 0; i < m; i++) {
			xs[i] = missing.get(i).x();
			ys[i] = missing.get(i).y();
		}
		float[][] markov = MarkovMap.compute(transition, image.width(), image.height(), xs, ys, settings, progress);
		markovMapsComputed += m;
		// Several new points at once (derived clicks of a stack plane, an evaluation's workflow):
		// upsampled together, each weight of the bilateral window computed once for all of them;
		// then their flood fills and profile scans, sequential inside, two at a time, so both
		// cores stay busy.
		progress.progress("Distance maps", 0);
		float[][] up = new float[m][];
		int batch = (int) Math.max(1, Math.min(m, UPSAMPLING_BATCH_BYTES / (8L * image.width() * image.height())));
		for (int from = 0; from < m; from += batch) {
			int to = Math.min(m, from + batch);
			float[][] part = upsampler.upsample(java.util.Arrays.copyOfRange(markov, from, to), java.util.Arrays.copyOfRange(xs, from, to),
				java.util.Arrays.copyOfRange(ys, from, to));
			System.arraycopy(part, 0, up, from, to - from);
			progress.checkCanceled();
		}
		PointMap[] maps = new PointMap[m];
		java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
		java.util.stream.IntStream.range(0, m).parallel().forEach(i -> {
			progress.checkCanceled();
			float[] d = settings.floodFill() ? FloodFill.minimax(up[i], image.width(), image.height(), xs[i], ys[i]) : up[i];
			up[i] = null;
			maps[i] = new PointMap(d, ThresholdChooser.profile(d, image.width(), image.height(), settings));
			progress.progress("Distance maps", (double) done.incrementAndGet() / m);
		});
		for (int i = 0; i < m; i++) cache.put(key(missing.get(i)), maps[i]);
	}

	private void evictUnused(List<Click> clicks) {
		if (cache.size() <= clicks.size() + SPARE_CACHED_MAPS) return;
		java.util.Set<Long> used = new java.util.HashSet<>();
		for (Click c : clicks) used.add(key(c));
		cache.keySet().removeIf(k -> !used.contains(k));
	}

	private static long key(Click c) {
		return ((long) c.y() << 32) | (c.x() & 0xffffffffL);
	}

	private static float[] toArray(List<Float> list) {
		float[] a = new float[list.size()];
		for (int i = 0; i < a.length; i++) a[i] = list.get(i);
		return a;
	}
}
