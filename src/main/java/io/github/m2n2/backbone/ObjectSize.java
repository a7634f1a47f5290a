package io.github.m2n2.backbone;

/**
 * An automatic estimate of the typical object diameter, for when the user gives none (as
 * Cellpose and StarDist users are used to giving a cell diameter). The image is split into two
 * classes by Otsu's threshold on lightly smoothed lightness; the smaller class is taken as the
 * objects (nuclei on a dark background, cells on a bright one). Its mean width is
 * {@code 4 * area / perimeter}, which for a disk is its diameter and for a field of touching
 * disks stays near one disk's diameter because the merged blobs keep their outer boundary. The
 * perimeter is the count of 4-neighbour edges leaving the class, times {@code pi / 4}, which
 * turns the city-block length of a digital disk into its Euclidean length.
 */
final class ObjectSize {

	private ObjectSize() { }

	/**
	 * @param l     lightness of the working image, {@code s x s}
	 * @param scale image pixels per working pixel
	 * @return the estimated diameter in image pixels, at least one working pixel's worth
	 */
	static double estimate(float[] l, int s, double scale) {
		float[] smooth = boxBlur(l, s);
		double threshold = otsu(smooth);
		long above = 0;
		for (float v : smooth) if (v > threshold) above++;
		boolean objectsAbove = above * 2 <= smooth.length;
		long area = 0, edges = 0;
		for (int y = 0; y < s; y++)
			for (int x = 0; x < s; x++) {
				int p = y * s + x;
				boolean in = (smooth[p] > threshold) == objectsAbove;
				if (!in) continue;
				area++;
				if (x + 1 < s && (smooth[p + 1] > threshold) != objectsAbove) edges++;
				if (x > 0 && (smooth[p - 1] > threshold) != objectsAbove) edges++;
				if (y + 1 < s && (smooth[p + s] > threshold) != objectsAbove) edges++;
				if (y > 0 && (smooth[p - s] > threshold) != objectsAbove) edges++;
			}
		if (area == 0 || edges == 0) return s * scale;
		double diameter = 4.0 * area / (edges * Math.PI / 4);
		return Math.max(1, Math.min(s, diameter)) * scale;
	}

	/** Otsu's threshold over 256 bins between the minimum and maximum. */
	static double otsu(float[] v) {
		float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
		for (float f : v) {
			if (f < min) min = f;
			if (f > max) max = f;
		}
		if (!(max > min)) return max;
		int bins = 256;
		long[] hist = new long[bins];
		double width = (max - min) / bins;
		for (float f : v) hist[Math.min(bins - 1, (int) ((f - min) / width))]++;
		double total = v.length, sumAll = 0;
		for (int b = 0; b < bins; b++) sumAll += b * (double) hist[b];
		double sumBelow = 0, countBelow = 0, best = -1;
		int bestBin = 0;
		for (int b = 0; b < bins - 1; b++) {
			countBelow += hist[b];
			sumBelow += b * (double) hist[b];
			double countAbove = total - countBelow;
			if (countBelow == 0 || countAbove == 0) continue;
			double m0 = sumBelow / countBelow, m1 = (sumAll - sumBelow) / countAbove;
			double between = countBelow * countAbove * (m0 - m1) * (m0 - m1);
			if (between > best) {
				best = between;
				bestBin = b;
			}
		}
		return min + (bestBin + 1) * width;
	}

	/** 3 x 3 mean, clamped at the border: removes single-pixel noise before thresholding. */
	static float[] boxBlur(float[] l, int s) {
		float[] out = new float[l.length];
		for (int y = 0; y < s; y++)
			for (int x = 0; x < s; x++) {
				double sum = 0;
				int n = 0;
				for (int yy = Math.max(0, y - 1); yy <= Math.min(s - 1, y + 1); yy++)
					for (int xx = Math.max(0, x - 1); xx <= Math.min(s - 1, x + 1); xx++) {
						sum += l[yy * s + xx];
						n++;
					}
				out[y * s + x] = (float) (sum / n);
			}
		return out;
	}
}
