package io.github.m2n2.engine;

import java.util.List;

/**
 * The {@code local} choice of {@link Settings#CORRECTION}: a later click moves an earlier
 * point's threshold only where the later click's own region backs the move up.
 *
 * <p>With the published score (docs/algorithm.md, section 5) an added click re-chooses every
 * point's threshold. A background click on a thin false band along a good object's boundary
 * forces the object's threshold below the click's distance, and the best candidate below it is
 * often a small core: the object shrinks although the click's own region claims almost
 * nothing. An object click in a missed part forces the first click's region to contain it
 * (pos), and the region leaks.
 *
 * <p>Here, in click order, each point first takes the threshold chosen against the points
 * clicked before it (other-class ones outside; pos counts only the point itself, since the
 * merge joins the regions of one label anyway). Later other-class points then cut it, as
 * published, only when their own regions (each chosen against the points before it) claim at
 * least {@link #BACKED} of the pixels the cut removes: a background click in a region that
 * leaked over the background has a large region of its own there, a background click on a thin
 * false band has almost none. Measured and explained in docs/microscopy.md.
 *
 * <p>A later object point with no other-class point before it has nothing to bound its region
 * (the published {@code neg} term needs one). Clicked on a missed rim of its object, whose tokens
 * look like the background, its region then spread over the background: the object's IoU fell
 * from 0.95 to 0.001 on a HeLa frame. Such a point's region is therefore at most as large as the
 * regions its label already has ({@link #sameLabelArea}); a background click lifts the bound.
 */
final class LocalCorrection {

	/** Fraction of the removed ring that later regions must claim for a cut. */
	static final double BACKED = 0.1;

	private LocalCorrection() { }

	/** @return each point's threshold */
	static float[] thresholds(float[][] distances, ThresholdChooser.Profile[] profiles, List<Click> clicks, int width,
		Settings settings) {
		int k = clicks.size(), n = distances.length == 0 ? 0 : distances[0].length;
		float[] before = new float[k], cut = new float[k];
		for (int i = 0; i < k; i++) {
			Click ci = clicks.get(i);
			float[] d = distances[i];
			float[] self = { d[ci.y() * width + ci.x()] };
			float[] otherBefore = otherClass(d, clicks, i, i, width);
			// with no other-class point before it to bound its region, a later object point's region is bounded by its label's
			int cap = otherBefore.length == 0 ? sameLabelArea(distances, before, clicks, i) : Integer.MAX_VALUE;
			before[i] = ThresholdChooser.choose(profiles[i], self, otherBefore, settings, cap);
			cut[i] = ThresholdChooser.choose(profiles[i], self, otherClass(d, clicks, i, k, width), settings, cap);
		}
		float[] out = before.clone();
		for (int i = 0; i < k - 1; i++) {
			if (!(cut[i] < before[i])) continue;
			int label = clicks.get(i).label();
			float lo = cut[i], hi = before[i];
			float[] d = distances[i];
			long ring = 0, backed = 0;
			for (int p = 0; p < n; p++) {
				float v = d[p];
				if (v <= lo || v > hi) continue;
				ring++;
				for (int j = i + 1; j < k; j++)
					if (clicks.get(j).label() != label && distances[j][p] <= Math.max(before[j], NearestPromptMerge.MIN_THRESHOLD)) {
						backed++;
						break;
					}
			}
			if (backed >= BACKED * ring) out[i] = cut[i];
		}
		return out;
	}

	/**
	 * Pixels of the regions that the points before {@code i} with its label have (at their
	 * thresholds), or no limit when there are none: a later click of a label that already has a
	 * region adds to it, and its own region may be at most that large.
	 */
	static int sameLabelArea(float[][] distances, float[] before, List<Click> clicks, int i) {
		int label = clicks.get(i).label();
		if (label == Click.BACKGROUND) return Integer.MAX_VALUE;
		long area = 0;
		boolean any = false;
		for (int j = 0; j < i; j++) {
			if (clicks.get(j).label() != label) continue;
			any = true;
			for (float v : distances[j]) if (v <= before[j]) area++;
		}
		return any ? (int) Math.min(Integer.MAX_VALUE, area) : Integer.MAX_VALUE;
	}

	/** D of point {@code i} at the points before {@code end} whose label differs from its own. */
	private static float[] otherClass(float[] d, List<Click> clicks, int i, int end, int width) {
		int label = clicks.get(i).label(), count = 0;
		for (int j = 0; j < end; j++) if (clicks.get(j).label() != label) count++;
		float[] v = new float[count];
		int m = 0;
		for (int j = 0; j < end; j++) {
			Click cj = clicks.get(j);
			if (cj.label() != label) v[m++] = d[cj.y() * width + cj.x()];
		}
		return v;
	}
}
