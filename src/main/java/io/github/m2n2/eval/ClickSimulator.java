package io.github.m2n2.eval;

import io.github.m2n2.engine.DistanceTransform;

/**
 * The simulated user of section 8: the first click at the object's interior-most pixel, each
 * further click at the interior-most pixel of the current errors.
 *
 * <p>Choices the specification leaves open, made as the standard NoC protocol (the one the
 * published numbers were measured with) does:
 * <ul>
 * <li>Ignore pixels are never errors. They are removed from the error set before the
 * distance transform, so they also act as boundary: an error region is measured to its
 * nearest non-error pixel, ignore band included, and a click can never land on an ignore
 * pixel.</li>
 * <li>Missed object pixels (false negatives) and wrongly claimed background pixels (false
 * positives) are measured as two regions: a false-negative pixel's distance is to the
 * nearest pixel that is not a false negative, and likewise for false positives. Where the two
 * kinds touch (a prediction shifted across the true boundary), the union would put the click
 * on the true boundary itself, where the answer is a coin toss; split, the click lands in the
 * middle of one kind, and its label is unambiguous. When the two never touch this is the same
 * as one transform of the whole error set.</li>
 * <li>Ties go to the first pixel in raster order (row by row, left to right).</li>
 * </ul>
 */
public final class ClickSimulator {

	private ClickSimulator() { }

	/** The first click: the object's interior-most pixel; null when the object is empty. */
	public static SimulatedClick first(GroundTruth truth) {
		int w = truth.width(), h = truth.height();
		boolean[] obj = truth.objectMask();
		double[] d = DistanceTransform.squared(obj, w, h);
		int best = argmax(d, obj);
		return best < 0 ? null : new SimulatedClick(best % w, best / w, true, Math.sqrt(d[best]));
	}

	/**
	 * The next click for a prediction ({@code true} = object), labelled by the ground truth at
	 * the chosen pixel; null when there is no error left.
	 */
	public static SimulatedClick next(GroundTruth truth, boolean[] predicted) {
		int w = truth.width(), h = truth.height(), n = w * h;
		boolean[] missed = new boolean[n], extra = new boolean[n];
		boolean any = false;
		for (int i = 0; i < n; i++) {
			if (truth.isIgnored(i)) continue;
			boolean g = truth.isObject(i);
			if (g && !predicted[i]) missed[i] = any = true;
			else if (!g && predicted[i]) extra[i] = any = true;
		}
		if (!any) return null;
		double[] dMissed = DistanceTransform.squared(missed, w, h);
		double[] dExtra = DistanceTransform.squared(extra, w, h);
		int best = -1;
		double bestD = 0;
		for (int i = 0; i < n; i++) {
			double d = missed[i] ? dMissed[i] : extra[i] ? dExtra[i] : 0;
			if (d > bestD) {
				bestD = d;
				best = i;
			}
		}
		return new SimulatedClick(best % w, best / w, truth.isObject(best), Math.sqrt(bestD));
	}

	private static int argmax(double[] d, boolean[] mask) {
		int best = -1;
		double bestD = 0;
		for (int i = 0; i < d.length; i++)
			if (mask[i] && d[i] > bestD) {
				bestD = d[i];
				best = i;
			}
		return best;
	}
}
