package io.github.m2n2.engine;

/**
 * {@code exp(-e)} for the upsampler's colour weights, from a table with linear interpolation:
 * the upsampler evaluates it hundreds of times per pixel, and the table's relative error
 * (below 1e-5) is far under what float sums keep anyway. Beyond {@link #CUTOFF} the weight is
 * below 1e-26 of the centre's and counts as 0.
 */
final class RangeKernel {

	static final float CUTOFF = 60f;
	private static final int SIZE = 1 << 14;
	private static final float SCALE = (SIZE - 1) / CUTOFF;
	private static final float[] TABLE = new float[SIZE + 1];

	static {
		for (int i = 0; i <= SIZE; i++) TABLE[i] = (float) Math.exp(-i / (double) SCALE);
	}

	private RangeKernel() { }

	static float weight(float e) {
		if (e >= CUTOFF) return 0f;
		float f = e * SCALE;
		int i = (int) f;
		float t = f - i;
		return TABLE[i] + t * (TABLE[i + 1] - TABLE[i]);
	}
}
