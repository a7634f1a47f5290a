package io.github.m2n2.engine;

/**
 * {@code exp(-e)} for the upsampler's colour weights, in plain float arithmetic (no table, no
 * branch, no bit tricks) so that the JIT vectorises the row loops that call it: a quartic
 * Taylor step for {@code exp(-e/256)}, squared eight times. Its relative error stays below
 * 1e-6 up to {@code e = 20} (weight 2e-9) and below 2e-3 up to {@link #CUTOFF}, beyond which
 * the weight is below 1e-26 of the centre's; those weights are clamped to the cutoff's value,
 * far under what the float sums keep.
 */
final class RangeKernel {

	static final float CUTOFF = 60f;

	private RangeKernel() { }

	static float expMinus(float e) {
		float x = Math.min(e, CUTOFF) * (1f / 256f);
		float t = 1f - x * (1f - x * 0.5f * (1f - x * (1f / 3f) * (1f - x * 0.25f)));
		t *= t;
		t *= t;
		t *= t;
		t *= t;
		t *= t;
		t *= t;
		t *= t;
		t *= t;
		return t;
	}
}
