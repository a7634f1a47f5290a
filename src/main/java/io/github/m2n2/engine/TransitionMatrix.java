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
	private final MatrixKernels kernels;

	private TransitionMatrix(int resolution, Prepared p) {
		this.resolution = resolution;
		this.values = p.values;
		this.sinkhornIterationsRun = p.iterations;
		this.kernels = p.kernels;
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
		MatrixKernels kernels = MatrixKernels.get();
		progress.progress("Sharpening attention", 0);
		applyTemperature(kernels, a, n, settings.temperature());
		Prepared p = sinkhorn(kernels, a, n, settings.sinkhornIterations(), settings.sinkhornStop() == Settings.SinkhornStop.CONVERGED,
			progress);
		progress.progress("Attention prepared", 1);
		return new TransitionMatrix(r, p);
	}

	/**
	 * System property choosing the matrix loops: {@code auto} (default), {@code scalar} (the plain
	 * Java loops on the float matrix), or {@code vector} (see README, Speed).
	 */
	public static final String LOOPS_PROPERTY = "m2n2.kernels";

	/**
	 * Lets a command that is about to prepare a matrix have its loops compiled meanwhile, on a
	 * daemon thread (the Vector API loops run very slowly until the JIT has compiled them, which
	 * cost about 1 s of CPU in a fresh JVM at r = 64). Call it while files are still being read.
	 */
	public static void warmUpInBackground() {
		MatrixKernels.warmUpInBackground();
	}

	/** Which loops prepare matrices in this JVM now (for logs and the bench). */
	public static String kernels() {
		return MatrixKernels.get().description();
	}

	/** Row-wise {@code softmax(log(a) / T)}, i.e. {@code a^(1/T)} renormalised; zeros stay zero. */
	static void applyTemperature(MatrixKernels kernels, float[] a, int n, double temperature) {
		double exponent = 1.0 / temperature;
		Parallel.forRange(n, (c, from, to) -> kernels.temperature(a, n, from, to, exponent));
	}

	/** The outcome of Sinkhorn: the float matrix, the iterations run and the loops that made it (the Markov step uses them too). */
	static final class Prepared {
		final float[] values;
		final int iterations;
		final MatrixKernels kernels;

		Prepared(float[] values, int iterations, MatrixKernels kernels) {
			this.values = values;
			this.iterations = iterations;
			this.kernels = kernels;
		}
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
	 */
	static Prepared sinkhorn(MatrixKernels kernels, float[] a, int n, int iterations, boolean stopWhenConverged, ProgressListener progress) {
		MatrixKernels.Operand operand = kernels.operand(a, n);
		double[] u = new double[n];
		double[] v = new double[n];
		java.util.Arrays.fill(u, 1);
		int chunks = Parallel.chunks();
		float[][] partial = new float[chunks][n];
		// column sums of diag(u) A1 with u = 1
		Parallel.forRange(n, chunks, (c, from, to) -> {
			java.util.Arrays.fill(partial[c], 0);
			operand.rows(from, to, null, u, partial[c]);
		});
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
				if (!last) java.util.Arrays.fill(acc, 0);
				operand.rows(from, to, vCurrent, u, last ? null : acc);
			});
			run++;
			progress.checkCanceled();
			if ((it & 7) == 0) progress.progress("Sinkhorn iterations", (it + 1.0) / iterations);
			if (inPhaseCycle) break;
		}
		// materialise A = diag(u) A1 diag(v); rows then sum to 1 up to rounding, so renormalise them exactly
		float[] vFinal = vf;
		if (iterations > 0) Parallel.forRange(n, (c, from, to) -> kernels.materialise(a, n, from, to, u, vFinal));
		return new Prepared(a, run, kernels);
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
	 */
	void multiplyLeft(float[][] states, float[][] out) {
		kernels.multiplyLeft(values, tokens(), states, out);
	}
}
