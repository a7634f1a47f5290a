package io.github.m2n2.engine;

/**
 * Resampling by area averaging: each output pixel is the mean of the input it covers, with
 * fractional coverage at its borders. Equals averaging whole blocks when the factor is an
 * integer, and bilinear-free when enlarging (each output takes the input pixel it lies in).
 */
public final class AreaResize {

	private AreaResize() { }

	public static float[] resize(float[] in, int w, int h, int nw, int nh) {
		float[] tmp = new float[nw * h];
		float[] out = new float[nw * nh];
		// separable: rows first, then columns
		double[][] wx = weights(w, nw);
		int[] x0 = firstIndex(w, nw);
		for (int y = 0; y < h; y++) {
			int row = y * w;
			for (int x = 0; x < nw; x++) {
				double s = 0;
				double[] ws = wx[x];
				for (int k = 0; k < ws.length; k++) s += ws[k] * in[row + x0[x] + k];
				tmp[y * nw + x] = (float) s;
			}
		}
		double[][] wy = weights(h, nh);
		int[] y0 = firstIndex(h, nh);
		for (int y = 0; y < nh; y++) {
			double[] ws = wy[y];
			for (int x = 0; x < nw; x++) {
				double s = 0;
				for (int k = 0; k < ws.length; k++) s += ws[k] * tmp[(y0[y] + k) * nw + x];
				out[y * nw + x] = (float) s;
			}
		}
		return out;
	}

	private static int[] firstIndex(int n, int m) {
		int[] first = new int[m];
		double scale = (double) n / m;
		for (int i = 0; i < m; i++) first[i] = Math.min(n - 1, (int) Math.floor(i * scale + 1e-9));
		return first;
	}

	/** Normalised coverage of input cells by output cell i, starting at firstIndex[i]. */
	private static double[][] weights(int n, int m) {
		double scale = (double) n / m;
		double[][] w = new double[m][];
		for (int i = 0; i < m; i++) {
			double a = i * scale, b = (i + 1) * scale;
			int lo = Math.min(n - 1, (int) Math.floor(a + 1e-9));
			int hi = Math.min(n - 1, (int) Math.ceil(b - 1e-9) - 1);
			if (hi < lo) hi = lo;
			w[i] = new double[hi - lo + 1];
			double total = 0;
			for (int k = lo; k <= hi; k++) {
				double cover = Math.min(b, k + 1) - Math.max(a, k);
				w[i][k - lo] = Math.max(0, cover);
				total += w[i][k - lo];
			}
			if (total <= 0) { w[i][0] = 1; total = 1; }
			for (int k = 0; k < w[i].length; k++) w[i][k] /= total;
		}
		return w;
	}
}
