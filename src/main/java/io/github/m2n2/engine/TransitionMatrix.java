package io.github.m2n2.engine;

/**
 * The prepared Markov transition matrix (docs/algorithm.md, section 3): the attention sharpened by the
 * temperature, then made (nearly) doubly stochastic by Sinkhorn iterations. Rows sum to 1.
 *
 * <p>Sinkhorn runs on the scaling vectors rather than on the matrix: {@code A = diag(u) A1
 * diag(v)}, so each iteration reads the matrix once (rows dotted with {@code v}, and the same
 * row, still in cache, added into the next column sums) instead of rewriting it twice. The
 * result is the same sequence of column and row normalisations.
 *
 * <p>By default where the Vector API loops run ({@link Settings.MatrixStorage#AUTO}) the sharpened matrix is held in 16 bits
 * per entry ({@link PackedMatrix}) and never materialised: the Markov step weights its rows by the
 * final {@code u} and its columns by {@code v}. Each pass then reads half the bytes, which at
 * r = 128 is nearly half the time.
 */
public final class TransitionMatrix {

	private final int resolution;
	private final Prepared prepared;

	private TransitionMatrix(int resolution, Prepared prepared) {
		this.resolution = resolution;
		this.prepared = prepared;
	}

	/** Prepares a copy; the attention is left untouched. */
	public static TransitionMatrix prepare(Attention attention, Settings settings, ProgressListener progress) {
		if (packs(attention.resolution(), settings)) return preparePacked(attention, settings, progress);
		return prepare(attention.resolution(), attention.values().clone(), settings, progress);
	}

	/**
	 * Prepares in place: the attention's rows may be overwritten (a packed matrix leaves them). Saves a second
	 * N x N array (1 GiB at r = 128) when the raw attention is not needed afterwards.
	 */
	public static TransitionMatrix prepareInPlace(Attention attention, Settings settings, ProgressListener progress) {
		if (packs(attention.resolution(), settings)) return preparePacked(attention, settings, progress);
		return prepare(attention.resolution(), attention.values(), settings, progress);
	}

	/** Whether a matrix at this resolution is packed under these settings, in this JVM. */
	public static boolean packs(int r, Settings settings) {
		Settings.MatrixStorage s = settings.matrixStorage();
		boolean wanted = s == Settings.MatrixStorage.PACKED16 || s == Settings.MatrixStorage.AUTO && MatrixKernels.get() != ScalarKernels.INSTANCE;
		return wanted && PackedMatrix.fits(r * r);
	}

	/** Bytes a prepared matrix at this resolution holds: 2 per entry packed, 4 as floats. */
	public static long heldBytes(int resolution, Settings settings) {
		long n = (long) resolution * resolution;
		return (packs(resolution, settings) ? 2 : 4) * n * n;
	}

	/**
	 * Bytes at the peak of {@link #prepareInPlace}, counting the attention it starts from: a
	 * packed matrix is filled while the float attention is still there.
	 */
	public static long peakBytes(int resolution, Settings settings) {
		long n = (long) resolution * resolution;
		return 4 * n * n + (packs(resolution, settings) ? 2 * n * n : 0);
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
	 * Sharpens each row in a buffer of one row and packs it straight away: one pass over the
	 * attention, which stays untouched, and no float copy of the matrix.
	 */
	private static TransitionMatrix preparePacked(Attention attention, Settings settings, ProgressListener progress) {
		int r = attention.resolution(), n = r * r;
		MatrixKernels kernels = MatrixKernels.get();
		progress.progress("Sharpening attention", 0);
		float[] src = attention.values();
		PackedMatrix m = PackedMatrix.empty(n);
		double exponent = 1.0 / settings.temperature();
		Parallel.forRange(n, (c, from, to) -> {
			float[] row = new float[n];
			for (int i = from; i < to; i++) {
				System.arraycopy(src, i * n, row, 0, n);
				kernels.temperature(row, n, 0, 1, exponent);
				kernels.pack(m, i, row, 0);
			}
		});
		Prepared p = sinkhorn(kernels, m, settings.sinkhornIterations(), settings.sinkhornStop() == Settings.SinkhornStop.CONVERGED, progress);
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
		/** The float matrix, or null when {@link #packed} holds it. */
		final float[] values;
		/** The sharpened matrix in 16 bits; the final matrix is {@code diag(rowWeight) D diag(colWeight)} of its decoded values D. */
		final PackedMatrix packed;
		final float[] rowWeight, colWeight;
		final int iterations;
		final MatrixKernels kernels;

		Prepared(float[] values, int iterations, MatrixKernels kernels) {
			this(values, null, null, null, iterations, kernels);
		}

		Prepared(float[] values, PackedMatrix packed, float[] rowWeight, float[] colWeight, int iterations, MatrixKernels kernels) {
			this.values = values;
			this.packed = packed;
			this.rowWeight = rowWeight;
			this.colWeight = colWeight;
			this.iterations = iterations;
			this.kernels = kernels;
		}
	}

	/** The scalings Sinkhorn ends with: {@code A = diag(u) A1 diag(v)}. */
	private static final class Scaling {
		final double[] u;
		final float[] v;
		final int iterations;

		Scaling(double[] u, float[] v, int iterations) {
			this.u = u;
			this.v = v;
			this.iterations = iterations;
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
		Scaling s = balance(kernels.operand(a, n), n, iterations, stopWhenConverged, progress);
		// materialise A = diag(u) A1 diag(v); rows then sum to 1 up to rounding, so renormalise them exactly
		if (iterations > 0) Parallel.forRange(n, (c, from, to) -> kernels.materialise(a, n, from, to, s.u, s.v));
		return new Prepared(a, s.iterations, kernels);
	}

	/**
	 * Sinkhorn on the packed matrix. The final matrix is left as its scalings: {@code u} (times
	 * each row's scale) weights the rows and {@code v} the columns of the decoded values, and its
	 * rows sum to 1 up to rounding, since the last half-iteration sets {@code u = 1 / (A1 v)}
	 * from the very values the Markov steps read.
	 */
	static Prepared sinkhorn(MatrixKernels kernels, PackedMatrix a, int iterations, boolean stopWhenConverged, ProgressListener progress) {
		int n = a.n();
		Scaling s = balance(kernels.operand(a), n, iterations, stopWhenConverged, progress);
		float[] rowWeight = new float[n], colWeight = new float[n];
		for (int i = 0; i < n; i++) {
			rowWeight[i] = (float) ((iterations > 0 ? s.u[i] : 1) * a.scale(i));
			colWeight[i] = iterations > 0 ? s.v[i] : 1f;
		}
		return new Prepared(null, a, rowWeight, colWeight, s.iterations, kernels);
	}

	private static Scaling balance(MatrixKernels.Operand operand, int n, int iterations, boolean stopWhenConverged, ProgressListener progress) {
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
		return new Scaling(u, vf, run);
	}

	private static float[] toFloat(double[] d) {
		float[] f = new float[d.length];
		for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
		return f;
	}

	public int resolution() { return resolution; }

	/** Sinkhorn iterations actually run: fewer than the setting when they reached a fixed point. */
	public int sinkhornIterationsRun() { return prepared.iterations; }

	public int tokens() { return resolution * resolution; }

	/**
	 * Row-major N x N; shared, do not modify. A packed matrix is unpacked into a new array (1 GiB
	 * at r = 128: for tests and checks, not for the engine's loops).
	 */
	public float[] values() {
		PackedMatrix packed = prepared.packed;
		if (packed == null) return prepared.values;
		int n = tokens();
		float[] a = new float[n * n];
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++) a[i * n + j] = (float) ((double) packed.decoded(i, j) * prepared.rowWeight[i] * prepared.colWeight[j]);
		return a;
	}

	/** Whether the matrix is held packed in 16 bits ({@link Settings.MatrixStorage#PACKED16}). */
	public boolean isPacked() { return prepared.packed != null; }

	/**
	 * {@code out = s A} for several row vectors at once: each matrix row is read once for all of
	 * them, which is what makes batched Markov-maps cheap. Rows where every state is 0 are skipped.
	 */
	void multiplyLeft(float[][] states, float[][] out) {
		Prepared p = prepared;
		if (p.packed != null) p.kernels.multiplyLeft(p.packed, p.rowWeight, p.colWeight, states, out);
		else p.kernels.multiplyLeft(p.values, tokens(), states, out);
	}
}
