package io.github.m2n2.engine;

/**
 * Exact Euclidean distance transform (Felzenszwalb and Huttenlocher's lower envelope of
 * parabolas, one pass over columns, one over rows): for every pixel of a mask, the squared
 * distance to the nearest pixel outside it. The image is zero-padded by one pixel, so the
 * border counts as outside and a mask touching the image edge is "thin" there, as section 8
 * of the specification asks.
 */
public final class DistanceTransform {

	private DistanceTransform() { }

	/**
	 * @param inside {@code w x h} row-major mask
	 * @return squared distances; 0 outside the mask, at least 1 inside it
	 */
	public static double[] squared(boolean[] inside, int w, int h) {
		if (inside.length != w * h) throw new IllegalArgumentException("mask size " + inside.length + " is not " + w + " x " + h);
		// only the mask's bounding box needs transforming: the pixels around it are outside, as
		// the padding around the box is, so every distance comes out the same (a stack plane's
		// objects are small against the plane)
		int x0 = w, x1 = -1, y0 = h, y1 = -1;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				if (inside[y * w + x]) {
					x0 = Math.min(x0, x);
					x1 = Math.max(x1, x);
					y0 = Math.min(y0, y);
					y1 = Math.max(y1, y);
				}
		double[] d = new double[w * h];
		if (x1 < 0) return d;
		int bw = x1 - x0 + 1, bh = y1 - y0 + 1;
		if (bw == w && bh == h) return box(inside, w, h);
		boolean[] crop = new boolean[bw * bh];
		for (int y = 0; y < bh; y++) System.arraycopy(inside, (y0 + y) * w + x0, crop, y * bw, bw);
		double[] b = box(crop, bw, bh);
		for (int y = 0; y < bh; y++) System.arraycopy(b, y * bw, d, (y0 + y) * w + x0, bw);
		return d;
	}

	/** {@link #squared} on the whole of a mask. */
	private static double[] box(boolean[] inside, int w, int h) {
		int pw = w + 2, ph = h + 2;
		double[] f = new double[pw * ph];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				if (inside[y * w + x]) f[(y + 1) * pw + x + 1] = Double.POSITIVE_INFINITY;
		int longest = Math.max(pw, ph);
		double[] line = new double[longest], out = new double[longest], z = new double[longest + 1];
		int[] v = new int[longest];
		// columns: every padded column starts and ends with an outside pixel, so all become finite
		for (int x = 0; x < pw; x++) {
			for (int y = 0; y < ph; y++) line[y] = f[y * pw + x];
			transform1d(line, ph, out, v, z);
			for (int y = 0; y < ph; y++) f[y * pw + x] = out[y];
		}
		for (int y = 0; y < ph; y++) {
			System.arraycopy(f, y * pw, line, 0, pw);
			transform1d(line, pw, out, v, z);
			System.arraycopy(out, 0, f, y * pw, pw);
		}
		double[] d = new double[w * h];
		for (int y = 0; y < h; y++) System.arraycopy(f, (y + 1) * pw + 1, d, y * w, w);
		return d;
	}

	/**
	 * {@code out[q] = min_p ((q - p)^2 + f[p])} over the sites with finite {@code f}; infinite
	 * everywhere when there is none.
	 */
	static void transform1d(double[] f, int n, double[] out, int[] v, double[] z) {
		int k = -1;
		for (int q = 0; q < n; q++) {
			if (f[q] == Double.POSITIVE_INFINITY) continue;
			if (k < 0) {
				k = 0;
				v[0] = q;
				z[0] = Double.NEGATIVE_INFINITY;
				z[1] = Double.POSITIVE_INFINITY;
				continue;
			}
			double s;
			while (true) {
				int p = v[k];
				// where the parabola of q overtakes the one of p
				s = ((f[q] + (double) q * q) - (f[p] + (double) p * p)) / (2.0 * (q - p));
				if (s <= z[k] && k > 0) k--;
				else break;
			}
			if (s <= z[k]) {
				// k == 0 and q dominates the whole line so far
				v[0] = q;
				z[0] = Double.NEGATIVE_INFINITY;
			} else {
				k++;
				v[k] = q;
				z[k] = s;
			}
			z[k + 1] = Double.POSITIVE_INFINITY;
		}
		if (k < 0) {
			java.util.Arrays.fill(out, 0, n, Double.POSITIVE_INFINITY);
			return;
		}
		int j = 0;
		for (int q = 0; q < n; q++) {
			while (z[j + 1] < q) j++;
			double dq = q - v[j];
			out[q] = dq * dq + f[v[j]];
		}
	}
}
