package io.github.m2n2.engine;

/**
 * Grey values to [0, 1] for microscopy: {@code asinh((v - background) / noise)}, the background
 * being the median and the noise the larger of two robust estimates (each times 1.4826, the
 * normal distribution's factor): the median absolute deviation, and the median absolute
 * difference of horizontal neighbours over {@code sqrt 2}. The second one matters for quantised
 * frames whose background is mostly one value (an 8-bit frame with a zero background has a
 * deviation of 0 there and would have its last grey level of noise stretched to full contrast). Near the background the mapping is linear in noise units, far from
 * it logarithmic, so a dim nucleus ten noise levels above the background and a mitotic cell a
 * thousand above end up a factor of about two apart instead of a hundred, and both stand out
 * from the background by many times the upsampler's range sigma. A min-max mapping of a 16-bit
 * frame with a few saturated cells squeezes every ordinary nucleus into the bottom percent of
 * the range, where the guided upsampling cannot see its boundary.
 *
 * <p>The mapping is {@linkplain #fit fitted} to some values and then {@linkplain Fit#apply
 * applied}, so that all planes of a stack can share the one mapping fitted to the stack: an
 * object then has the same guide brightness on every plane it is carried through.
 */
public final class BackgroundStretch {

	private BackgroundStretch() { }

	/**
	 * Fits the mapping to {@code values} and applies it to them.
	 *
	 * @param values grey values, row major; NaN counts as the background
	 * @return the stretched values in [0, 1]; a flat image gives all 0
	 */
	public static float[] apply(float[] values, int width, int height) {
		return fit(values, width, height).apply(values);
	}

	/**
	 * The mapping for these values: their background, noise and the stretched range.
	 *
	 * @param values grey values, row major (rows of {@code width}; several planes may follow one
	 *            another, the neighbour noise only pairs values within a row)
	 */
	public static Fit fit(float[] values, int width, int height) {
		int n = values.length;
		int finite = 0;
		float[] sorted = new float[n];
		for (int i = 0; i < n; i++) if (Float.isFinite(values[i])) sorted[finite++] = values[i];
		if (finite == 0) return Fit.FLAT;
		java.util.Arrays.sort(sorted, 0, finite);
		float median = sorted[finite / 2], lowest = sorted[0], highest = sorted[finite - 1], range = highest - lowest;
		if (!(range > 0)) return Fit.FLAT;
		float[] dev = new float[finite];
		for (int i = 0; i < finite; i++) dev[i] = Math.abs(sorted[i] - median);
		java.util.Arrays.sort(dev);
		float[] v = new float[n];
		for (int i = 0; i < n; i++) v[i] = Float.isFinite(values[i]) ? values[i] : median;
		// the floor keeps a noiseless (synthetic, quantised) image from being stretched into steps
		double noise = Math.max(1.4826 * Math.max(dev[finite / 2], neighbourNoise(v, width, height)), 1e-3 * range);
		// asinh is monotone, so the stretched range comes from the extreme values
		float min = asinh((lowest - median) / noise), max = asinh((highest - median) / noise);
		if (!(max > min)) return Fit.FLAT;
		return new Fit(median, noise, min, max);
	}

	/** A fitted mapping; values outside the fitted range are clamped to [0, 1]. */
	public static final class Fit {

		static final Fit FLAT = new Fit(0, 1, 0, 0);

		private final float background;
		private final double noise;
		private final float min;
		private final float max;

		Fit(float background, double noise, float min, float max) {
			this.background = background;
			this.noise = noise;
			this.min = min;
			this.max = max;
		}

		/** The stretched values in [0, 1] (NaN counts as the background); all 0 for a flat fit. */
		public float[] apply(float[] values) {
			int n = values.length;
			float[] out = new float[n];
			if (!(max > min)) return out;
			float scale = 1f / (max - min);
			for (int i = 0; i < n; i++) {
				float x = Float.isFinite(values[i]) ? values[i] : background;
				float s = (asinh((x - background) / noise) - min) * scale;
				out[i] = Math.max(0f, Math.min(1f, s));
			}
			return out;
		}
	}

	private static float asinh(double x) {
		return (float) (Math.signum(x) * Math.log(Math.abs(x) + Math.sqrt(x * x + 1)));
	}

	/** Median absolute difference of horizontal neighbours over sqrt 2: the noise of one value, structure aside. */
	static double neighbourNoise(float[] v, int w, int h) {
		if (w < 2) return 0;
		float[] d = new float[(w - 1) * h];
		int k = 0;
		for (int y = 0; y < h; y++)
			for (int x = 0; x + 1 < w; x++) d[k++] = Math.abs(v[y * w + x + 1] - v[y * w + x]);
		java.util.Arrays.sort(d);
		return d[k / 2] / Math.sqrt(2);
	}
}
