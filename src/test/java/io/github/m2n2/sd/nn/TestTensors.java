package io.github.m2n2.sd.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.m2n2.sd.safetensors.DType;
import io.github.m2n2.sd.safetensors.SafetensorsFile;
import io.github.m2n2.sd.safetensors.SafetensorsWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Named random tensors written to a safetensors file and loaded as {@link Weights}, plus plain-Java references. */
final class TestTensors {

	final Map<String, float[]> values = new LinkedHashMap<>();
	final Map<String, long[]> shapes = new LinkedHashMap<>();
	private final Random rnd;

	TestTensors(long seed) {
		rnd = new Random(seed);
	}

	float[] add(String name, double scale, long... shape) {
		long n = 1;
		for (long s : shape) n *= s;
		float[] v = new float[(int) n];
		for (int i = 0; i < v.length; i++) v[i] = (float) (scale * rnd.nextGaussian());
		values.put(name, v);
		shapes.put(name, shape);
		return v;
	}

	float[] addAround1(String name, long c) {
		float[] v = add(name, 0.2, c);
		for (int i = 0; i < v.length; i++) v[i] += 1;
		return v;
	}

	Weights load(Path file, NDManager manager) throws IOException {
		SafetensorsWriter w = new SafetensorsWriter(DType.F32);
		for (String n : values.keySet()) w.add(n, shapes.get(n), values.get(n));
		w.write(file);
		return new Weights(SafetensorsFile.open(file), manager, DataType.FLOAT32);
	}

	static NDManager cpu() {
		return NDManager.newBaseManager(Device.cpu(), "PyTorch");
	}

	// ---- plain Java references (row-major, batch 1) ----

	/** NCHW conv with zero padding, stride 1. */
	static float[] conv(float[] x, int cin, int h, int w, float[] k, float[] b, int cout, int ks, int pad) {
		float[] out = new float[cout * h * w];
		for (int o = 0; o < cout; o++)
			for (int y = 0; y < h; y++)
				for (int xx = 0; xx < w; xx++) {
					double s = b[o];
					for (int i = 0; i < cin; i++)
						for (int dy = 0; dy < ks; dy++)
							for (int dx = 0; dx < ks; dx++) {
								int yy = y + dy - pad, xs = xx + dx - pad;
								if (yy < 0 || yy >= h || xs < 0 || xs >= w) continue;
								s += k[((o * cin + i) * ks + dy) * ks + dx] * x[(i * h + yy) * w + xs];
							}
					out[(o * h + y) * w + xx] = (float) s;
				}
		return out;
	}

	static float[] groupNorm(float[] x, int c, int hw, int groups, float[] gamma, float[] beta, double eps) {
		float[] out = new float[x.length];
		int per = c / groups;
		for (int g = 0; g < groups; g++) {
			double mean = 0, var = 0;
			int from = g * per * hw, to = (g + 1) * per * hw;
			for (int i = from; i < to; i++) mean += x[i];
			mean /= (to - from);
			for (int i = from; i < to; i++) var += (x[i] - mean) * (x[i] - mean);
			var /= (to - from);
			for (int i = from; i < to; i++) {
				int ch = i / hw;
				out[i] = (float) ((x[i] - mean) / Math.sqrt(var + eps) * gamma[ch] + beta[ch]);
			}
		}
		return out;
	}

	static double silu(double v) { return v / (1 + Math.exp(-v)); }

	static float[] silu(float[] x) {
		float[] o = new float[x.length];
		for (int i = 0; i < x.length; i++) o[i] = (float) silu(x[i]);
		return o;
	}

	/** x (n, in) times W^T (W is out x in) plus b. */
	static float[] linear(float[] x, int n, int in, float[] w, float[] b, int out) {
		float[] y = new float[n * out];
		for (int r = 0; r < n; r++)
			for (int o = 0; o < out; o++) {
				double s = b == null ? 0 : b[o];
				for (int i = 0; i < in; i++) s += x[r * in + i] * w[o * in + i];
				y[r * out + o] = (float) s;
			}
		return y;
	}

	/** erf-based GELU through the Abramowitz-Stegun-free identity gelu(x) = x * Phi(x), Phi from a series-accurate erf. */
	static double gelu(double x) { return 0.5 * x * (1 + erf(x / Math.sqrt(2))); }

	/** erf with |error| < 1.2e-7 (Numerical Recipes' erfc Chebyshev fit). */
	static double erf(double x) {
		double z = Math.abs(x);
		double t = 1 / (1 + 0.5 * z);
		double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
			+ t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
		return x >= 0 ? 1 - r : r - 1;
	}

	static void assertClose(float[] expected, float[] actual, double tol, String what) {
		org.junit.jupiter.api.Assertions.assertEquals(expected.length, actual.length, what + ": length");
		for (int i = 0; i < expected.length; i++)
			if (Math.abs(expected[i] - actual[i]) > tol * (1 + Math.abs(expected[i])))
				org.junit.jupiter.api.Assertions.fail(what + ": value " + i + " is " + actual[i] + ", expected " + expected[i]);
	}
}
