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
 */
public final class BackgroundStretch {

	private BackgroundStretch() { }

	/**
	 * @param values grey values, row major; NaN counts as the background
	 * @return the stretched values in [0, 1]; a flat image gives all 0
	 */
	public static float[] apply(float[] values, int width, int height) {
		int n = values.length;
		float[] v = new float[n];
		int finite = 0;
		float[] sorted = new float[n];
		for (int i = 0; i < n; i++) if (Float.isFinite(values[i])) sorted[finite++] = values[i];
		if (finite == 0) return v;
		java.util.Arrays.sort(sorted, 0, finite);
		float median = sorted[finite / 2], range = sorted[finite - 1] - sorted[0];
		if (!(range > 0)) return v;
		float[] dev = new float[finite];
		for (int i = 0; i < finite; i++) dev[i] = Math.abs(sorted[i] - median);
		java.util.Arrays.sort(dev);
		// the floor keeps a noiseless (synthetic, quantised) image from being stretched into steps
		for (int i = 0; i < n; i++) v[i] = Float.isFinite(values[i]) ? values[i] : median;
		double noise = Math.max(1.4826 * Math.max(dev[finite / 2], neighbourNoise(v, width, height)), 1e-3 * range);
		float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
		for (int i = 0; i < n; i++) {
			double x = (v[i] - median) / noise;
			float s = (float) (Math.signum(x) * Math.log(Math.abs(x) + Math.sqrt(x * x + 1)));
			v[i] = s;
			if (s < min) min = s;
			if (s > max) max = s;
		}
		if (!(max > min)) return new float[n];
		float scale = 1f / (max - min);
		for (int i = 0; i < n; i++) v[i] = (v[i] - min) * scale;
		double sigma = smoothingSigma(values, median, noise);
		if (sigma > 0) v = gauss(v, width, height, sigma);
		return v;
	}

	/**
	 * The Gaussian sigma (pixels) that brings the noise to about {@link #TARGET_SNR} times below
	 * the objects' level, or 0 when it already is (or nothing stands out). The objects' level is
	 * the median of {@code (v - background) / noise} over the pixels more than
	 * {@link #DETECTION} noise levels above the background. A Gaussian of sigma {@code s}
	 * divides white noise by about {@code 2 s sqrt(pi)}.
	 */
	static double smoothingSigma(float[] values, float background, double noise) {
		int n = values.length, count = 0;
		float[] level = new float[n];
		for (int i = 0; i < n; i++) {
			double x = (values[i] - background) / noise;
			if (x > DETECTION) level[count++] = (float) x;
		}
		if (count == 0) return 0;
		java.util.Arrays.sort(level, 0, count);
		double snr = level[count / 2];
		double sigma = TARGET_SNR / (2 * Math.sqrt(Math.PI) * snr);
		return sigma < MIN_SIGMA ? 0 : Math.min(sigma, MAX_SIGMA);
	}

	/** Noise levels above the background from which a pixel counts as part of an object. */
	static final double DETECTION = 3;
	/** Object level over noise that the smoothing aims at. */
	static final double TARGET_SNR = 50;
	/** Below this the smoothing would change nothing visible. */
	static final double MIN_SIGMA = 1;
	/** Beyond this it would blur small objects into each other. */
	static final double MAX_SIGMA = 3;

	/** Separable Gaussian blur, clamped at the border. */
	static float[] gauss(float[] v, int w, int h, double sigma) {
		int r = (int) Math.ceil(3 * sigma);
		float[] k = new float[2 * r + 1];
		double sum = 0;
		for (int i = -r; i <= r; i++) sum += k[i + r] = (float) Math.exp(-0.5 * i * i / (sigma * sigma));
		for (int i = 0; i < k.length; i++) k[i] /= sum;
		float[] t = new float[v.length], o = new float[v.length];
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
			double a = 0;
			for (int i = -r; i <= r; i++) a += k[i + r] * v[y * w + Math.max(0, Math.min(w - 1, x + i))];
			t[y * w + x] = (float) a;
		}
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
			double a = 0;
			for (int i = -r; i <= r; i++) a += k[i + r] * t[Math.max(0, Math.min(h - 1, y + i)) * w + x];
			o[y * w + x] = (float) a;
		}
		return o;
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
