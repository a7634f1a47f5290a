package io.github.m2n2.engine.stack;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.github.m2n2.engine.Click;
import io.github.m2n2.engine.GuideImage;
import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.engine.Settings;

/**
 * M2N2 through a stack: each object is clicked on one plane (or a few) and carried plane by
 * plane in both directions, every plane segmented by its own {@link
 * io.github.m2n2.engine.SegmentationSession} with the user's clicks on it plus clicks derived
 * from the objects' regions on the neighbouring plane.
 *
 * <p>An object's <em>origin</em> is the plane of its first click. It is carried away from its
 * origin: upwards by an upward walk that starts at the lowest origin, downwards where that walk
 * does not reach it (below its origin, or where the upward walk lost it) from the nearest plane
 * above that holds it. The two walks are done one after the other so no plane waits for itself:
 * <ol>
 * <li>Upward walk U from the lowest origin to the last plane: a plane gets the user's clicks of
 * objects whose origin is at or below it and background clicks, plus clicks derived from U on
 * the plane below.</li>
 * <li>Downward walk from the last plane to the first, the result: a plane gets all the user's
 * clicks on it; clicks derived from U on the plane below for the objects U carried onto it;
 * clicks derived from the result on the plane above for objects that have user clicks higher up
 * and that U did not bring here.</li>
 * </ol>
 * An object carried onto a plane ends there when its region is empty, overlaps its region on
 * the plane it came from by less than {@link PropagationSettings#minOverlap()}, or stands out
 * from the background by less than {@link PropagationSettings#minContrast()} of its contrast on
 * the plane it came from; the plane is then
 * segmented again without it and it is not carried further (a user click further on starts it
 * again). User clicks are added to the derived ones and win where they disagree: a derived click
 * stands for the disc of its depth in the region it came from, and a user click of another label
 * inside that disc removes it (a background click on an object's carried centre ends the object
 * there). Objects are segmented together on every plane, so
 * touching objects keep their own labels.
 *
 * <p>A plane's labels depend only on its click list, so each plane remembers its last results by
 * click list: after a correction on one plane, the planes whose clicks do not change (those
 * before it, seen from the objects' origins) are not segmented again ({@link
 * #segmentationsOn(int)} counts the ones that were).
 */
public final class StackPropagation<E extends Exception> {

	/** Results remembered per plane (the upward and downward walk each need one or two). */
	private static final int RESULTS_PER_PLANE = 4;

	private final PlaneGuides guides;
	private final PropagationSettings propagation;
	private final PlaneSessions<E> sessions;
	private final List<LinkedHashMap<List<Click>, short[]>> memo = new ArrayList<>();
	private final long[] computedOn;
	private long segmentNanos;
	private final int width;
	private final int height;

	/**
	 * @param resolution the attention grid side the backbone gives, for the memory budget
	 */
	public StackPropagation(PlaneGuides guides, PlaneAttention<E> attention, int resolution, Settings settings,
		PropagationSettings propagation) {
		this.guides = guides;
		this.propagation = propagation.copy().validate();
		this.width = guides.width();
		this.height = guides.height();
		long budget = (long) (Runtime.getRuntime().maxMemory() * this.propagation.memoryFraction());
		this.sessions = new PlaneSessions<>(guides, attention, settings.copy().validate(), budget, resolution);
		this.computedOn = new long[guides.planes()];
		for (int p = 0; p < guides.planes(); p++) memo.add(new LinkedHashMap<>(8, 0.75f, true));
	}

	/**
	 * Bytes a propagation needs at the least (one prepared plane, the label stack and the
	 * remembered results), for a clear refusal before anything is computed.
	 */
	public static long minimumBytes(int width, int height, int planes, int resolution, Settings settings) {
		return PlaneSessions.bytesPerPlane(width, height, resolution, settings) + PlaneSessions.preparingBytes(resolution, settings)
			+ 2L * width * height * planes * (1 + RESULTS_PER_PLANE);
	}

	/** Segmentations computed on this plane so far (results reused from memory do not count). */
	public long segmentationsOn(int plane) { return computedOn[plane]; }

	/** Segmentations computed on all planes so far. */
	public long segmentations() {
		long s = 0;
		for (long c : computedOn) s += c;
		return s;
	}

	/**
	 * Seconds so far in: the backbone's attention, preparing transition matrices (both partly on
	 * the background thread, overlapping the segmentations), and the segmentations themselves
	 * (Markov-maps, distance maps, thresholds; without the time spent waiting for a plane).
	 */
	public double[] secondsSpent() {
		return new double[] { sessions.attentionNanos() / 1e9, sessions.preparationNanos() / 1e9, (segmentNanos - sessions.waitNanos()) / 1e9 };
	}

	/** Planes prepared so far (attention and Sinkhorn); a plane dropped for memory and needed again counts again. */
	public long planesPrepared() { return sessions.prepared(); }

	/** Planes kept prepared at once within the memory budget. */
	public int preparedPlanesKept() { return sessions.capacity(); }

	/** Drops every prepared plane and remembered result. */
	public void release() {
		sessions.release();
		for (Map<List<Click>, short[]> m : memo) m.clear();
	}

	/**
	 * Segments the planes that have clicks and, with {@code propagate}, carries every object
	 * through the stack.
	 *
	 * @throws IllegalArgumentException for a click outside the stack or an object without object clicks
	 */
	public StackSegmentation run(List<PlaneClick> clicks, boolean propagate, ProgressListener progress) throws E {
		int planes = guides.planes();
		Map<Integer, List<Click>> user = new TreeMap<>();
		Map<Integer, Integer> origin = new HashMap<>();
		for (PlaneClick c : clicks) {
			if (c.plane() < 0 || c.plane() >= planes)
				throw new IllegalArgumentException("Click " + c + " lies on plane " + c.plane() + "; the stack has planes 0.." + (planes - 1) + ".");
			if (c.x() < 0 || c.y() < 0 || c.x() >= width || c.y() >= height)
				throw new IllegalArgumentException("Click " + c + " lies outside the " + width + " x " + height + " planes.");
			user.computeIfAbsent(c.plane(), p -> new ArrayList<>()).add(c.click());
			if (c.label() != Click.BACKGROUND) origin.putIfAbsent(c.label(), c.plane());
		}
		short[][] result = new short[planes][];
		if (origin.isEmpty()) return new StackSegmentation(width, height, result);
		if (!propagate) {
			int done = 0;
			for (Map.Entry<Integer, List<Click>> e : user.entrySet()) {
				progress.checkCanceled();
				progress.progress("Plane " + (e.getKey() + 1), (double) done++ / user.size());
				if (objectLabels(e.getValue()).isEmpty()) continue;
				result[e.getKey()] = segment(e.getKey(), e.getValue(), progress);
			}
			return new StackSegmentation(width, height, result);
		}

		try {
			return propagate(planes, user, origin, progress);
		} finally {
			sessions.stopAhead();
		}
	}

	private StackSegmentation propagate(int planes, Map<Integer, List<Click>> user, Map<Integer, Integer> origin, ProgressListener progress)
		throws E {
		short[][] result = new short[planes][];
		int lo = planes;
		for (int p : origin.values()) lo = Math.min(lo, p);
		int steps = (planes - lo) + planes, step = 0;

		// upward walk
		short[][] up = new short[planes][];
		List<Set<Integer>> upAlive = new ArrayList<>();
		for (int p = 0; p < planes; p++) upAlive.add(new TreeSet<>());
		for (int p = lo; p < planes; p++) {
			progress.checkCanceled();
			progress.progress("Plane " + (p + 1) + "/" + planes + " (upward)", (double) step++ / steps);
			List<Click> mine = new ArrayList<>();
			for (Click c : user.getOrDefault(p, List.of()))
				if (c.isBackground() || origin.get(c.label()) <= p) mine.add(c);
			Set<Integer> clicked = objectLabels(mine);
			Map<Integer, Source> carried = new TreeMap<>();
			List<DerivedClicks.Seed> background = List.of();
			if (p > lo) {
				for (int k : upAlive.get(p - 1)) carried.put(k, new Source(p - 1, up[p - 1]));
				background = derivedBackground(up[p - 1], null, List.of());
			}
			// objects on this plane will most likely go on to the next
			if (!carried.isEmpty() || !clicked.isEmpty()) sessions.prepareAhead(p + 1);
			Solved s = solve(p, mine, carried, carried.keySet(), background, progress);
			up[p] = s.labels;
			upAlive.get(p).addAll(s.present);
		}

		// downward walk: the result
		for (int p = planes - 1; p >= 0; p--) {
			progress.checkCanceled();
			progress.progress("Plane " + (p + 1) + "/" + planes + (p >= lo ? "" : " (downward)"), (double) step++ / steps);
			List<Click> mine = user.getOrDefault(p, List.of());
			Set<Integer> clicked = objectLabels(mine);
			Map<Integer, Source> carried = new TreeMap<>();
			Set<Integer> checked = new HashSet<>();
			if (p > lo)
				for (int k : upAlive.get(p))
					if (origin.get(k) != p && up[p - 1] != null && hasLabel(up[p - 1], k)) carried.put(k, new Source(p - 1, up[p - 1]));
			List<Integer> fromAbove = new ArrayList<>();
			if (p + 1 < planes && result[p + 1] != null) {
				Set<Integer> above = labelsPresent(result[p + 1]);
				for (int k : above) {
					if (carried.containsKey(k) || origin.get(k) == p || !hasClickAbove(user, k, p)) continue;
					carried.put(k, new Source(p + 1, result[p + 1]));
					checked.add(k);
					fromAbove.add(k);
				}
			}
			List<DerivedClicks.Seed> background;
			if (p > lo) background = derivedBackground(up[p - 1], p + 1 < planes ? result[p + 1] : null, fromAbove);
			else if (p < lo && result[p + 1] != null) background = derivedBackground(result[p + 1], null, List.of());
			else background = List.of();
			if (carried.isEmpty() && clicked.isEmpty()) continue;
			sessions.prepareAhead(p - 1);
			result[p] = solve(p, mine, carried, checked, background, progress).labels;
		}
		return new StackSegmentation(width, height, result);
	}

	private static boolean hasLabel(short[] labels, int k) {
		for (short v : labels) if ((v & 0xffff) == k) return true;
		return false;
	}

	private static boolean hasClickAbove(Map<Integer, List<Click>> user, int k, int p) {
		for (Map.Entry<Integer, List<Click>> e : user.entrySet())
			if (e.getKey() > p) for (Click c : e.getValue()) if (c.label() == k) return true;
		return false;
	}

	/** The labels of the plane an object is carried from. */
	private static final class Source {
		final int plane;
		final short[] labels;

		Source(int plane, short[] labels) {
			this.plane = plane;
			this.labels = labels;
		}
	}

	private static final class Solved {
		final short[] labels;
		final Set<Integer> present;

		Solved(short[] labels, Set<Integer> present) {
			this.labels = labels;
			this.present = present;
		}
	}

	/**
	 * Segments plane {@code p} with the user's clicks, clicks derived from each carried object's
	 * region on its source plane, and the background clicks; carried objects in {@code checked}
	 * that come out empty, overlap their source region too little or have faded into the
	 * background are dropped and the plane segmented again without them.
	 */
	private Solved solve(int p, List<Click> mine, Map<Integer, Source> carried, Set<Integer> checked, List<DerivedClicks.Seed> background,
		ProgressListener progress) throws E {
		Map<Integer, List<Click>> derived = new TreeMap<>();
		for (Map.Entry<Integer, Source> e : carried.entrySet()) {
			List<Click> d = derived(mask(e.getValue().labels, e.getKey()), e.getKey(), mine);
			if (!d.isEmpty()) derived.put(e.getKey(), d);
		}
		List<Click> bg = new ArrayList<>();
		for (DerivedClicks.Seed b : background) if (!contradicted(b, mine)) bg.add(b.click);
		// mean guide per label on the source planes: they do not change while this plane is solved
		Map<short[], double[][]> sourceMeans = new IdentityHashMap<>();
		GuideImage guide = null;
		while (true) {
			List<Click> all = new ArrayList<>(mine);
			for (List<Click> d : derived.values()) all.addAll(d);
			if (objectLabels(all).isEmpty()) return new Solved(new short[width * height], Set.of());
			all.addAll(bg);
			short[] labels = segment(p, all, progress);
			double[][] means = null;
			List<Integer> lost = new ArrayList<>();
			for (int k : derived.keySet()) {
				if (!checked.contains(k)) continue;
				Source from = carried.get(k);
				if (splitByUser(from.labels, k, mine)) continue;
				boolean ended = overlap(labels, from.labels, k) < propagation.minOverlap();
				if (!ended && propagation.minContrast() > 0) {
					if (means == null) {
						if (guide == null) guide = guides.guide(p);
						means = labelMeans(guide, labels);
					}
					double[][] before = sourceMeans.computeIfAbsent(from.labels, l -> labelMeans(guides.guide(from.plane), l));
					ended = faded(contrast(means, k), contrast(before, k));
				}
				if (ended) lost.add(k);
			}
			if (lost.isEmpty()) return new Solved(labels, labelsPresent(labels));
			for (int k : lost) derived.remove(k);
		}
	}

	/**
	 * Guide contrast below which an object is not told from its background by brightness or
	 * colour on its source plane (an object set apart by texture alone); the contrast check is
	 * skipped for it. Half the upsampler's default range sigma: differences below that hardly
	 * weigh in the segmentation either.
	 */
	static final double MIN_SOURCE_CONTRAST = 0.05;

	/**
	 * Whether an object whose region stands out from the background by {@code now} on this plane
	 * (mean guide inside minus outside, per channel) and by {@code before} on its source plane has
	 * faded out: by less than {@link PropagationSettings#minContrast()} of {@code before}, in the
	 * direction of {@code before} (a nucleus past its last plane; on a plane of background alone
	 * the segmentation still hands the carried clicks a region).
	 */
	private boolean faded(double[] now, double[] before) {
		if (now == null || before == null) return false;
		double dot = 0, norm = 0;
		for (int c = 0; c < before.length; c++) {
			norm += before[c] * before[c];
			dot += now[c] * before[c];
		}
		return norm >= MIN_SOURCE_CONTRAST * MIN_SOURCE_CONTRAST && dot < propagation.minContrast() * norm;
	}

	/**
	 * The mean guide of every label, per channel, in one pass: row {@code l} holds label {@code l}'s
	 * channel means and, last, its pixel count.
	 */
	static double[][] labelMeans(GuideImage guide, short[] labels) {
		int channels = (int) guide.dimension(2), top = 0;
		for (short v : labels) top = Math.max(top, v & 0xffff);
		double[][] m = new double[top + 1][channels + 1];
		for (int i = 0; i < labels.length; i++) m[labels[i] & 0xffff][channels]++;
		for (int c = 0; c < channels; c++) {
			float[] g = guide.channel(c);
			for (int i = 0; i < labels.length; i++) m[labels[i] & 0xffff][c] += g[i];
		}
		for (double[] row : m)
			if (row[channels] > 0) for (int c = 0; c < channels; c++) row[c] /= row[channels];
		return m;
	}

	/** Label {@code k}'s mean guide minus the background's, per channel; null when either is absent. */
	static double[] contrast(double[][] means, int k) {
		if (k >= means.length) return null;
		int channels = means[0].length - 1;
		if (means[k][channels] == 0 || means[0][channels] == 0) return null;
		double[] d = new double[channels];
		for (int c = 0; c < channels; c++) d[c] = means[k][c] - means[0][c];
		return d;
	}

	private short[] segment(int p, List<Click> clicks, ProgressListener progress) throws E {
		Map<List<Click>, short[]> m = memo.get(p);
		short[] labels = m.get(clicks);
		if (labels != null) return labels;
		long t0 = System.nanoTime();
		labels = sessions.session(p, progress).segment(clicks, progress).labels();
		segmentNanos += System.nanoTime() - t0;
		computedOn[p]++;
		m.put(List.copyOf(clicks), labels);
		if (m.size() > RESULTS_PER_PLANE) m.remove(m.keySet().iterator().next());
		return labels;
	}

	/**
	 * Background clicks from the background of {@code source}, kept off the regions that the
	 * objects in {@code exclude} have on {@code excludeFrom} (objects that come from the other side).
	 */
	private List<DerivedClicks.Seed> derivedBackground(short[] source, short[] excludeFrom, List<Integer> exclude) {
		if (propagation.backgroundClicks() == 0) return List.of();
		boolean[] bg = mask(source, 0);
		if (excludeFrom != null && !exclude.isEmpty()) {
			Set<Integer> ex = new HashSet<>(exclude);
			for (int i = 0; i < bg.length; i++) if (ex.contains(excludeFrom[i] & 0xffff)) bg[i] = false;
		}
		return DerivedClicks.seeds(bg, width, height, Click.BACKGROUND, propagation.backgroundClicks());
	}

	/**
	 * Whether the user's clicks on this plane contradict a derived background click: one on its
	 * pixel, or an object click within its depth. The derived click stands for the disc of its
	 * depth being background, as it was on the source plane; an object clicked inside that disc is
	 * one the source plane did not have (it starts on this plane), and the derived background
	 * click there cut it down to a sliver, which the next plane then dropped for too little
	 * overlap.
	 */
	static boolean contradicted(DerivedClicks.Seed background, List<Click> mine) {
		Click b = background.click;
		for (Click u : mine) {
			if (u.samePixel(b)) return true;
			double dx = u.x() - b.x(), dy = u.y() - b.y();
			if (!u.isBackground() && dx * dx + dy * dy <= background.depth * background.depth) return true;
		}
		return false;
	}

	/** Times a region is cut back by the user's clicks before the remaining contradicted clicks are simply dropped. */
	private static final int CUTS = 4;

	/**
	 * The clicks derived from an object's region on its source plane that the user's clicks on
	 * this plane leave standing. A derived click stands for the disc of its depth around it, the
	 * part of the region it is sure of. A user click of another label inside that disc says:
	 * <ul>
	 * <li>near the disc's centre (within half its depth): the object is not here (any more), so the
	 * derived click goes (a background click on an object's carried centre ends the object);</li>
	 * <li>further out: the region came out too large on the source plane (it leaked into a
	 * neighbour), so the part of it nearer to the user's click than to the derived click is cut
	 * away and the clicks are derived again from the rest. Dropping the object there instead
	 * made a correction click lower the IoU: the object vanished from that plane on.</li>
	 * </ul>
	 * A user click of the same label on a derived click's pixel replaces it; others are added
	 * beside the derived ones.
	 */
	private List<Click> derived(boolean[] region, int label, List<Click> user) {
		for (int cut = 0; ; cut++) {
			List<DerivedClicks.Seed> seeds = DerivedClicks.seeds(region, width, height, label, propagation.clicksPerObject());
			List<Click> out = new ArrayList<>();
			Click against = null;
			DerivedClicks.Seed from = null;
			for (DerivedClicks.Seed d : seeds) {
				Click contradiction = null;
				boolean replaced = false;
				for (Click u : user) {
					double dx = u.x() - d.click.x(), dy = u.y() - d.click.y();
					if (u.samePixel(d.click)) replaced = true;
					else if (u.label() != d.click.label() && dx * dx + dy * dy <= d.depth * d.depth) contradiction = u;
				}
				if (replaced) continue;
				if (contradiction == null) {
					out.add(d.click);
					continue;
				}
				double dx = contradiction.x() - d.click.x(), dy = contradiction.y() - d.click.y();
				if (cut >= CUTS || dx * dx + dy * dy <= d.depth * d.depth / 4) continue;
				against = contradiction;
				from = d;
				break;
			}
			if (against == null) return out;
			// keep the side of the region nearer to the derived click than to the user's
			for (int i = 0; i < region.length; i++) {
				if (!region[i]) continue;
				int x = i % width, y = i / width;
				double du = (x - against.x()) * (double) (x - against.x()) + (y - against.y()) * (double) (y - against.y());
				double dd = (x - from.click.x()) * (double) (x - from.click.x()) + (y - from.click.y()) * (double) (y - from.click.y());
				if (du < dd) region[i] = false;
			}
		}
	}

	/**
	 * Whether the user clicked another object inside {@code k}'s source region on this plane: the
	 * region held two objects that had not been told apart (touching, alike), and the click splits
	 * it. Its part then overlaps the merged region by little, which says nothing about the object
	 * ending; without this exception it ended there and the clicked neighbour took its place
	 * on the planes after.
	 */
	private boolean splitByUser(short[] source, int k, List<Click> mine) {
		for (Click u : mine)
			if (!u.isBackground() && u.label() != k && (source[u.y() * width + u.x()] & 0xffff) == k) return true;
		return false;
	}

	private static Set<Integer> objectLabels(List<Click> clicks) {
		Set<Integer> s = new TreeSet<>();
		for (Click c : clicks) if (!c.isBackground()) s.add(c.label());
		return s;
	}

	private static Set<Integer> labelsPresent(short[] labels) {
		Set<Integer> s = new TreeSet<>();
		for (short v : labels) if (v != 0) s.add(v & 0xffff);
		return s;
	}

	private static boolean[] mask(short[] labels, int k) {
		boolean[] m = new boolean[labels.length];
		for (int i = 0; i < m.length; i++) m[i] = (labels[i] & 0xffff) == k;
		return m;
	}

	/** IoU of label {@code k} on two planes; 0 when it is empty on the new one. */
	static double overlap(short[] now, short[] before, int k) {
		long inter = 0, union = 0, area = 0;
		for (int i = 0; i < now.length; i++) {
			boolean a = (now[i] & 0xffff) == k, b = (before[i] & 0xffff) == k;
			if (a) area++;
			if (a && b) inter++;
			if (a || b) union++;
		}
		return area == 0 || union == 0 ? 0 : (double) inter / union;
	}
}
