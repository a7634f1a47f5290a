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
	private final int sinkhornIterationsRun;

	private TransitionMatrix(int resolution, float[] values, int sinkhornIterationsRun) {
		this.resolution = resolution;
		this.values = values;
		this.sinkhornIterationsRun = sinkhornIterationsRun;
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
		int run = sinkhorn(a, n, settings.sinkhornIterations(), settings.sinkhornStop() == Settings.SinkhornStop.CONVERGED, progress);
		progress.progress("Attention prepared", 1);
		return new TransitionMatrix(r, a, run);
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
	 * Up to {@code iterations} times: divide every column by its sum, then every row by its sum.
	 * Leaves the scaled matrix in {@code a}.
	 *
	 * <p>With {@code stopWhenConverged}, stops as soon as the iteration has reached a fixed point
	 * at float precision: every quantity of an iteration is a deterministic function of the
	 * float column scaling {@code vf}, so once {@code vf} repeats bit for bit, all later
	 * iterations repeat too, and the matrix equals the one of the full count exactly. A cycle of
	 * length two (the last bit flipping back and forth) is caught the same way when its phase
	 * matches the full count's.
	 *
	 * @return the number of iterations run
	 */
	static int sinkhorn(float[] a, int n, int iterations, boolean stopWhenConverged, ProgressListener progress) {
		double[] u = new double[n];
		double[] v = new double[n];
		java.util.Arrays.fill(u, 1);
		int chunks = Parallel.chunks();
		float[][] partial = new float[chunks][n];
		// column sums of diag(u) A1 with u = 1
		columnSums(a, n, u, partial);
		float[] vf = null, previous = null, beforePrevious = null;
		int run = 0;
		for (int it = 0; it < iterations; it++) {
			for (int j = 0; j < n; j++) {
				double s = 0;
				for (float[] p : partial) s += p[j];
				double nv = s > 0 ? 1.0 / s : 0;
				v[j] = nv;
			}
			beforePrevious = previous;
			previous = vf;
			vf = toFloat(v);
			// u already belongs to a vf equal to this one: nothing left to change
			if (stopWhenConverged && java.util.Arrays.equals(vf, previous)) break;
			// a two-cycle in phase with the last iteration: this pass gives the final u
			boolean inPhaseCycle = stopWhenConverged && (iterations - 1 - it) % 2 == 0 && java.util.Arrays.equals(vf, beforePrevious);
			boolean last = it == iterations - 1 || inPhaseCycle;
			float[] vCurrent = vf;
			Parallel.forRange(n, chunks, (c, from, to) -> {
				float[] acc = partial[c];
				float[] row = new float[n];
				java.util.Arrays.fill(acc, 0);
				for (int i = from; i < to; i++) {
					// the row copied to the index of acc and v: the JIT vectorises the loops below only
					// when they read every array at the same index (measured twice as fast)
					System.arraycopy(a, i * n, row, 0, n);
					double rowSum = dot(row, 0, vCurrent, n);
					double ui = rowSum > 0 ? 1.0 / rowSum : 0;
					u[i] = ui;
					if (!last) {
						float uf = (float) ui;
						for (int j = 0; j < n; j++) acc[j] += uf * row[j];
					}
				}
			});
			run++;
			progress.checkCanceled();
			if ((it & 7) == 0) progress.progress("Sinkhorn iterations", (it + 1.0) / iterations);
			if (inPhaseCycle) break;
		}
		if (iterations == 0) return 0;
		// materialise A = diag(u) A1 diag(v); rows then sum to 1 up to rounding, so renormalise them exactly
		float[] vFinal = vf;
		Parallel.forRange(n, (c, from, to) -> {
			for (int i = from; i < to; i++) {
				int off = i * n;
				float ui = (float) u[i];
				double s = 0;
				for (int j = 0; j < n; j++) {
					float x = a[off + j] * ui * vFinal[j];
					a[off + j] = x;
					s += x;
				}
				if (s > 0) {
					float inv = (float) (1.0 / s);
					for (int j = 0; j < n; j++) a[off + j] *= inv;
				}
			}
		});
		return run;
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

	/**
	 * Eight independent partial sums so the JIT can overlap the additions (it does not vectorise
	 * a float reduction, whose order it must keep); eight measured about 10 % less CPU than four.
	 */
	static double dot(float[] a, int off, float[] v, int n) {
		float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
		int j = 0;
		for (; j + 7 < n; j += 8) {
			int o = off + j;
			s0 += a[o] * v[j];
			s1 += a[o + 1] * v[j + 1];
			s2 += a[o + 2] * v[j + 2];
			s3 += a[o + 3] * v[j + 3];
			s4 += a[o + 4] * v[j + 4];
			s5 += a[o + 5] * v[j + 5];
			s6 += a[o + 6] * v[j + 6];
			s7 += a[o + 7] * v[j + 7];
		}
		for (; j < n; j++) s0 += a[off + j] * v[j];
		return ((double) s0 + s1 + s2 + s3) + ((double) s4 + s5 + s6 + s7);
	}

	private static float[] toFloat(double[] d) {
		float[] f = new float[d.length];
		for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
		return f;
	}

	public int resolution() { return resolution; }

	/** Sinkhorn iterations actually run: fewer than the setting when they reached a fixed point. */
	public int sinkhornIterationsRun() { return sinkhornIterationsRun; }

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
			float[] row = new float[n];
			for (int i = from; i < to; i++) {
				boolean copied = false;
				for (int b = 0; b < k; b++) {
					float w = states[b][i];
					if (w == 0f) continue;
					// copied to the sums' index so that the JIT vectorises the update (see sinkhorn)
					if (!copied) System.arraycopy(values, i * n, row, 0, n);
					copied = true;
					float[] o = sums[b];
					for (int j = 0; j < n; j++) o[j] += w * row[j];
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
