package io.github.m2n2.sd.nn;

/**
 * The sinusoidal timestep features of diffusers' {@code get_timestep_embedding}: for
 * {@code half = dim / 2} frequencies {@code f_i = exp(-ln(10000) i / (half - freq_shift))}, the
 * features are {@code [sin(t f), cos(t f)]}, swapped to {@code [cos, sin]} when
 * {@code flip_sin_to_cos}. Computed in double in Java; the UNet's {@code time_embedding} MLP
 * then runs on the device.
 */
public final class TimestepEmbedding {

	private TimestepEmbedding() { }

	public static float[] sinusoid(double t, int dim, boolean flipSinToCos, double freqShift) {
		int half = dim / 2;
		float[] out = new float[dim];
		for (int i = 0; i < half; i++) {
			double freq = Math.exp(-Math.log(10000) * i / (half - freqShift));
			double a = t * freq;
			float s = (float) Math.sin(a), c = (float) Math.cos(a);
			out[i] = flipSinToCos ? c : s;
			out[half + i] = flipSinToCos ? s : c;
		}
		// an odd dim leaves the last feature 0, as diffusers' zero padding does
		return out;
	}
}
