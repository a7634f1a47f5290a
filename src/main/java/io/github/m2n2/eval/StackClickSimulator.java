package io.github.m2n2.eval;

import io.github.m2n2.engine.DistanceTransform;
import io.github.m2n2.engine.stack.PlaneClick;

/**
 * The simulated user on a stack: the first click at the object's interior-most pixel on the
 * plane where it is largest; each next click at the interior-most pixel of the largest error on
 * whatever plane, labelled by the truth there. Distances are measured within a plane (planes are
 * often further apart than pixels, and a user clicks on one plane at a time); missed and wrongly
 * claimed pixels are measured as two regions and ties go to the first plane, then raster order,
 * as {@link ClickSimulator} does in 2D.
 */
public final class StackClickSimulator {

	/** The object label clicks carry; background is 0. */
	public static final int OBJECT_LABEL = SimulatedUser.OBJECT_LABEL;

	private StackClickSimulator() { }

	/** Null when the object is empty. */
	public static PlaneClick first(StackGroundTruth truth) {
		int w = truth.width(), h = truth.height();
		int bestPlane = -1;
		long bestArea = 0;
		for (int p = 0; p < truth.planes(); p++) {
			long area = 0;
			for (boolean b : truth.plane(p)) if (b) area++;
			if (area > bestArea) {
				bestArea = area;
				bestPlane = p;
			}
		}
		if (bestPlane < 0) return null;
		boolean[] m = truth.plane(bestPlane);
		double[] d = DistanceTransform.squared(m, w, h);
		int best = -1;
		for (int i = 0; i < d.length; i++) if (m[i] && (best < 0 || d[i] > d[best])) best = i;
		return new PlaneClick(best % w, best / w, bestPlane, OBJECT_LABEL);
	}

	/** @param predicted voxels predicted as the object; null when there is no error left */
	public static PlaneClick next(StackGroundTruth truth, boolean[] predicted) {
		int w = truth.width(), h = truth.height(), n = w * h;
		int bestPlane = -1, bestPixel = -1;
		double bestD = 0;
		for (int p = 0; p < truth.planes(); p++) {
			boolean[] missed = new boolean[n], extra = new boolean[n];
			boolean any = false;
			for (int i = 0; i < n; i++) {
				boolean g = truth.isObject(i % w, i / w, p), pr = predicted[p * n + i];
				if (g && !pr) missed[i] = any = true;
				else if (!g && pr) extra[i] = any = true;
			}
			if (!any) continue;
			double[] dm = DistanceTransform.squared(missed, w, h), de = DistanceTransform.squared(extra, w, h);
			for (int i = 0; i < n; i++) {
				double d = missed[i] ? dm[i] : extra[i] ? de[i] : 0;
				if (d > bestD) {
					bestD = d;
					bestPlane = p;
					bestPixel = i;
				}
			}
		}
		if (bestPlane < 0) return null;
		int x = bestPixel % w, y = bestPixel / w;
		return new PlaneClick(x, y, bestPlane, truth.isObject(x, y, bestPlane) ? OBJECT_LABEL : 0);
	}
}
