package io.github.m2n2.backbone;

/**
 * Lightness for single-channel images (fluorescence, brightfield) that keeps dim objects
 * visible beside bright ones: {@code asinh((v - median) / noise)}, with the median as the
 * background level and the noise from the median absolute deviation. Near the background it is
 * linear in noise units, far from it logarithmic, so a nucleus ten noise levels above the
 * background and a mitotic cell a thousand above differ by a factor of about two instead of a
 * hundred, while background noise stays at its own small scale. A min-max mapped 16-bit frame
 * with a few saturated cells would otherwise squeeze every ordinary nucleus into the bottom few
 * percent of the range. The result is scaled to 0..100 like CIELAB lightness.
 */
final class GreyStretch {

	private GreyStretch() { }

	/** Whether all three channels are the same image (how grey images reach a backbone). */
	static boolean isGrey(float[] red, float[] green, float[] blue) {
		for (int i = 0; i < red.length; i++)
			if (red[i] != green[i] || red[i] != blue[i]) return false;
		return true;
	}

	/** The stretched lightness, 0..100; a flat image gives all 0. */
	static float[] lightness(float[] grey) {
		int n = grey.length;
		float[] sorted = grey.clone();
		java.util.Arrays.sort(sorted);
		float median = sorted[n / 2], range = sorted[n - 1] - sorted[0];
		float[] dev = new float[n];
		for (int i = 0; i < n; i++) dev[i] = Math.abs(grey[i] - median);
		java.util.Arrays.sort(dev);
		// the floor keeps a noiseless (synthetic or quantised) image from being amplified into steps
		double noise = Math.max(1.4826 * dev[n / 2], 1e-3 * range);
		float[] out = new float[n];
		if (!(range > 0)) return out;
		float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
		for (int i = 0; i < n; i++) {
			float v = (float) asinh((grey[i] - median) / noise);
			out[i] = v;
			if (v < min) min = v;
			if (v > max) max = v;
		}
		float scale = 100f / (max - min);
		for (int i = 0; i < n; i++) out[i] = (out[i] - min) * scale;
		return out;
	}

	private static double asinh(double x) {
		return Math.signum(x) * Math.log(Math.abs(x) + Math.sqrt(x * x + 1));
	}
}
