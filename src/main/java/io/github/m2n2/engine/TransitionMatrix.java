package io.github.m2n2.engine;

/**
 * The prepared Markov transition matrix (docs/algorithm.md, section 3): the attention sharpened by the
 * temperature, then made (nearly) doubly stochastic by Sinkhorn iterations. Rows sum to 1.
 *
 * <p>Sinkhorn runs on the scaling vectors rather than on the matrix: {@code A = diag(u) A1
 * diag(v)}, so each iteration reads the matrix once (rows dotted with {@code v}, and the same
 * row, still in cache, added into the next column sums) instead of rewriting it twice. The
 * result is the same sequence of column and row normalisations.
 */
public final class TransitionMatrix {

	private final int resolution;
	private final float[] values;

	private TransitionMatrix(int resolution, float[] values) {
		this.resolution = resolution;
		this.values = values;
	}

	/** Prepares a copy; the attention is left untouched. */
	public static TransitionMatrix prepare(Attention attention, Settings settings, ProgressListener progress) {
		return prepare(attention.resolution(), attention.values().clone(), settings, progress);
	}

	/**
	 * Prepares in place: {@code values} (an attention's rows) is overwritten. Saves a second
	 * N x N array (1 GiB at r = 128) when the raw attention is not needed afterwards.
	 */
	public static TransitionMatrix prepareInPlace(Attention attention, Settings settings, ProgressListener progress) {
		return prepare(attention.resolution(), attention.values(), settings, progress);
	}

	private static TransitionMatrix prepare(int r, float[] a, Settings settings, ProgressListener progress) {
		int n = r * r;
		progress.progress("Sharpening attention", 0);
		applyTemperature(a, n, settings.temperature());
		sinkhorn(a, n, settings.sinkhornIterations(), progress);
		progress.progress("Attention prepared", 1);
		return new TransitionMatrix(r, a);
	}

	/** Row-wise {@code softmax(log(a) / T)}, i.e. {@code a^(1/T)} renormalised; zeros stay zero. */
	static void applyTemperature(float[] a, int n, double temperature) {
		double exponent = 1.0 / temperature;
		Parallel.forRange(n, (c, from, to) -> {
			for (int i = from; i < to; i++) {
				int off = i * n;
				float max = 0;
				for (int j = 0; j < n; j++) max = Math.max(max, a[off + j]);
				if (!(max > 0)) continue;
				double sum = 0;
				for (int j = 0; j < n; j++) {
					float v = a[off + j];
					// dividing by the row maximum first keeps the power away from underflow
					float p = v > 0 ? (float) Math.pow(v / max, exponent) : 0f;
					a[off + j] = p;
					sum += p;
				}
				float inv = (float) (1.0 / sum);
				for (int j = 0; j < n; j++) a[off + j] *= inv;
			}
		});
	}

	/**
	 * {@code iterations} times: divide every column by its sum, then every row by its sum.
	 * Leaves the scaled matrix in {@code a}.
	 */
	static void sinkhorn(float[] a, int n, int iterations, ProgressListener progress) {
		double[] u = new double[n];
		double[] v = new double[n];
		java.util.Arrays.fill(u, 1);
		int chunks = Parallel.chunks();
		float[][] partial = new float[chunks][n];
		// column sums of diag(u) A1 with u = 1
		columnSums(a, n, u, partial);
		for (int it = 0; it < iterations; it++) {
			for (int j = 0; j < n; j++) {
				double s = 0;
				for (float[] p : partial) s += p[j];
				double nv = s > 0 ? 1.0 / s : 0;
				v[j] = nv;
			}

			boolean last = it == iterations - 1;
			float[] vf = toFloat(v);
			Parallel.forRange(n, chunks, (c, from, to) -> {
				float[] acc = partial[c];
				java.util.Arrays.fill(acc, 0);
				for (int i = from; i < to; i++) {
					int off = i * n;
					double rowSum = dot(a, off, vf, n);
					double ui = rowSum > 0 ? 1.0 / rowSum : 0;
					u[i] = ui;
					if (!last) {
						float uf = (float) ui;
						for (int j = 0; j < n; j++) acc[j] += uf * a[off + j];
					}
				}
			});
			progress.checkCanceled();
			if ((it & 7) == 0) progress.progress("Sinkhorn iterations", (it + 1.0) / iterations);
		}
		if (iterations == 0) return;
		// materialise A = diag(u) A1 diag(v); rows then sum to 1 up to rounding, so renormalise them exactly
		float[] vf = toFloat(v);
		Parallel.forRange(n, (c, from, to) -> {
			for (int i = from; i < to; i++) {
				int off = i * n;
				float ui = (float) u[i];
				double s = 0;
				for (int j = 0; j < n; j++) {
					float x = a[off + j] * ui * vf[j];
					a[off + j] = x;
					s += x;
				}
				if (s > 0) {
					float inv = (float) (1.0 / s);
					for (int j = 0; j < n; j++) a[off + j] *= inv;
				}
			}
		});
	}

	private static void columnSums(float[] a, int n, double[] u, float[][] partial) {
		Parallel.forRange(n, partial.length, (c, from, to) -> {
			float[] acc = partial[c];
			java.util.Arrays.fill(acc, 0);
			for (int i = from; i < to; i++) {
				int off = i * n;
				float ui = (float) u[i];
				for (int j = 0; j < n; j++) acc[j] += ui * a[off + j];
			}
		});
	}

	/** Four independent partial sums so the JIT can overlap the additions. */
	private static double dot(float[] a, int off, float[] v, int n) {
		float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
		int j = 0;
		for (; j + 3 < n; j += 4) {
			s0 += a[off + j] * v[j];
			s1 += a[off + j + 1] * v[j + 1];
			s2 += a[off + j + 2] * v[j + 2];
			s3 += a[off + j + 3] * v[j + 3];
		}
		for (; j < n; j++) s0 += a[off + j] * v[j];
		return (double) s0 + s1 + s2 + s3;
	}

	private static float[] toFloat(double[] d) {
		float[] f = new float[d.length];
		for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
		return f;
	}

	public int resolution() { return resolution; }

	public int tokens() { return resolution * resolution; }

	/** Row-major N x N; shared, do not modify. */
	public float[] values() { return values; }

	/**
	 * {@code out = s A} for several row vectors at once: each matrix row is read once for all of
	 * them, which is what makes batched Markov-maps cheap. Rows where every state is 0 are skipped.
	 * Each thread streams its own contiguous block of rows into a private sum (contiguous reads
	 * keep the memory bus busy; splitting by columns halved the bandwidth), then the sums are added.
	 */
	void multiplyLeft(float[][] states, float[][] out) {
		int n = tokens();
		int k = states.length;
		int chunks = Parallel.chunks();
		float[][][] partial = new float[chunks][][];
		Parallel.forRange(n, chunks, (c, from, to) -> {
			float[][] sums = c == 0 ? out : new float[k][n];
			if (c == 0) for (float[] o : out) java.util.Arrays.fill(o, 0f);
			partial[c] = sums;
			for (int i = from; i < to; i++) {
				int off = i * n;
				for (int b = 0; b < k; b++) {
					float w = states[b][i];
					if (w == 0f) continue;
					float[] o = sums[b];
					for (int j = 0; j < n; j++) o[j] += w * values[off + j];
				}
			}
		});
		for (int c = 1; c < chunks; c++) {
			if (partial[c] == null) continue;
			for (int b = 0; b < k; b++) {
				float[] o = out[b], p = partial[c][b];
				for (int j = 0; j < n; j++) o[j] += p[j];
			}
		}
	}
}
