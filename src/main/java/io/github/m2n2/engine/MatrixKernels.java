package io.github.m2n2.engine;

import java.util.Locale;

/**
 * The loops over the N x N matrix that preparation and the Markov steps spend their time in:
 * temperature, Sinkhorn passes, the final scaling and the vector-matrix product. Two versions
 * compute the same quantities: {@link ScalarKernels}, plain Java that runs everywhere, and
 * {@code io.github.m2n2.vector.VectorKernels}, written with the JDK's incubating Vector API, which
 * is faster where the JVM was started with {@code --add-modules jdk.incubator.vector}
 * (scripts/m2n2 does; Fiji does not by default, see the README's "Speed" section). The engine
 * imports nothing of it: it is a service ({@code META-INF/services}), as backbones are, looked up
 * only where the JVM has the module.
 *
 * <p>Both work on the float matrix and on the {@link PackedMatrix}, and give the same results up
 * to float rounding. The system
 * property {@code m2n2.kernels} chooses: {@code auto} (default: the vector version where the
 * module is present, the plain one elsewhere), {@code scalar} or {@code vector}.
 */
public abstract class MatrixKernels {

	static final String PROPERTY = TransitionMatrix.LOOPS_PROPERTY;
	private static final String VECTOR_MODULE = "jdk.incubator.vector";

	/** Sinkhorn's view of the sharpened matrix {@code A1}: one row range at a time. */
	public interface Operand {
		/**
		 * For each row i in [from, to): with {@code v == null}, {@code acc += row_i}; otherwise
		 * {@code u[i] = 1 / (row_i . v)} (0 for a zero row) and, when {@code acc != null},
		 * {@code acc += (float) u[i] * row_i}.
		 */
		void rows(int from, int to, float[] v, double[] u, float[] acc);
	}

	protected MatrixKernels() { }

	/** Which version, in words. */
	public abstract String description();

	/** Row-wise {@code a^exponent} after dividing by the row maximum, then rows renormalised; zeros stay zero. */
	public abstract void temperature(float[] a, int n, int from, int to, double exponent);

	public abstract Operand operand(float[] a1, int n);

	/** Packs row i of {@code m} from the entries of {@code a} at {@code off} (the plain loop here; the same words in every version). */
	public void pack(PackedMatrix m, int i, float[] a, int off) {
		m.packRow(i, a, off);
	}

	/** Sinkhorn's view of a {@link PackedMatrix}: the rows are the entries it stands for (decoded values times the row's scale). */
	public abstract Operand operand(PackedMatrix a1);

	/** Rows [from, to) of {@code a} become {@code diag(u) a diag(v)} renormalised to sum 1. */
	public abstract void materialise(float[] a, int n, int from, int to, double[] u, float[] v);

	/**
	 * The Markov step's share of one block of rows: {@code sums[b] += states[b][i] * row_i} of
	 * the prepared matrix {@code values} for every i in [from, to) and every state b; rows where a
	 * state is 0 may be skipped.
	 */
	public abstract void addRows(float[] values, int n, int from, int to, float[][] states, float[][] sums);

	/**
	 * The same on a {@link PackedMatrix}, with its rows' decoded values (not multiplied by the
	 * row's scale: the caller folds that into the states).
	 */
	public abstract void addRows(PackedMatrix m, int from, int to, float[][] states, float[][] sums);

	/**
	 * Runs the loops on a small matrix, so that the JIT has compiled them before the first real
	 * matrix arrives (the plain version needs nothing: the interpreter runs it tolerably).
	 */
	public void warmUp() { }

	/**
	 * {@code out = s A} for several row vectors at once: each thread streams its own contiguous
	 * block of rows into private sums (contiguous reads keep the memory bus busy; splitting by
	 * columns halved the bandwidth), the first block straight into {@code out}, then the sums are
	 * added.
	 */
	final void multiplyLeft(float[] values, int n, float[][] states, float[][] out) {
		multiplyByBlocks(n, states, out, (from, to, sums) -> addRows(values, n, from, to, states, sums));
	}

	/**
	 * {@code out = s P} with {@code P = diag(rowWeight) D diag(colWeight)}, D the packed matrix's
	 * decoded values: the states are weighted by row, multiplied as the float matrix is, and the
	 * sums weighted by column.
	 */
	final void multiplyLeft(PackedMatrix m, float[] rowWeight, float[] colWeight, float[][] states, float[][] out) {
		int k = states.length, n = m.n();
		float[][] weighted = new float[k][n];
		for (int b = 0; b < k; b++) {
			float[] s = states[b], w = weighted[b];
			for (int i = 0; i < n; i++) w[i] = s[i] * rowWeight[i];
		}
		multiplyByBlocks(n, weighted, out, (from, to, sums) -> addRows(m, from, to, weighted, sums));
		for (float[] o : out)
			for (int j = 0; j < n; j++) o[j] *= colWeight[j];
	}

	/** One thread's share of a product: rows [from, to) added into {@code sums}. */
	private interface RowBlock {
		void add(int from, int to, float[][] sums);
	}

	private static void multiplyByBlocks(int n, float[][] states, float[][] out, RowBlock rows) {
		int k = states.length;
		int chunks = Parallel.chunks();
		float[][][] partial = new float[chunks][][];
		Parallel.forRange(n, chunks, (c, from, to) -> {
			float[][] sums = c == 0 ? out : new float[k][n];
			if (c == 0) for (float[] o : out) java.util.Arrays.fill(o, 0f);
			partial[c] = sums;
			rows.add(from, to, sums);
		});
		for (int c = 1; c < chunks; c++) {
			if (partial[c] == null) continue;
			for (int b = 0; b < k; b++) {
				float[] o = out[b], p = partial[c][b];
				for (int j = 0; j < n; j++) o[j] += p[j];
			}
		}
	}

	/**
	 * Powers of two that keep the packed matrix's products normal floats: its decoded values lie
	 * between 2^-126 and 2^-95, so the column scaling is raised by 2^64 before a dot product
	 * (and the sum lowered again), exactly, since both are powers of two.
	 */
	protected static final float PACKED_LIFT = 0x1p64f;
	protected static final double PACKED_DROP = 0x1p-64;

	private static final java.util.concurrent.atomic.AtomicBoolean WARMING = new java.util.concurrent.atomic.AtomicBoolean();

	/** Starts {@link #warmUp} once per JVM on a daemon thread. */
	static void warmUpInBackground() {
		MatrixKernels k = get();
		if (k == ScalarKernels.INSTANCE || !WARMING.compareAndSet(false, true)) return;
		Thread t = new Thread(k::warmUp, "m2n2 matrix loops warm-up");
		t.setDaemon(true);
		t.start();
	}

	private static volatile MatrixKernels chosen;
	private static volatile String chosenFor;

	/** The version chosen by {@link #PROPERTY} (re-read on each call, so a bench can switch). */
	static MatrixKernels get() {
		String choice = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
		MatrixKernels k = chosen;
		if (k != null && choice.equals(chosenFor)) return k;
		k = choose(choice);
		chosen = k;
		chosenFor = choice;
		return k;
	}

	/** Whether this JVM can run the vector version at all. */
	static boolean vectorAvailable() {
		return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
	}

	private static MatrixKernels choose(String choice) {
		switch (choice) {
		case "scalar":
			return ScalarKernels.INSTANCE;
		case "auto":
			if (!vectorAvailable()) return ScalarKernels.INSTANCE;
			try {
				return vector();
			} catch (IllegalStateException e) {
				// e.g. Java 16, which has the module but not the Java 17 class file version
				return ScalarKernels.INSTANCE;
			}
		case "vector":
			if (!vectorAvailable())
				throw new IllegalStateException("-D" + PROPERTY + "=vector needs the JVM option --add-modules " + VECTOR_MODULE);
			return vector();
		default:
			throw new IllegalStateException("-D" + PROPERTY + " must be auto, scalar or vector, not '" + choice + "'");
		}
	}

	/**
	 * The registered service version; looked up only after {@link #vectorAvailable()}, since its
	 * class links against the vector module, which a JVM may lack.
	 */
	static MatrixKernels vector() {
		try {
			for (MatrixKernels k : java.util.ServiceLoader.load(MatrixKernels.class, MatrixKernels.class.getClassLoader())) return k;
		} catch (java.util.ServiceConfigurationError | LinkageError e) {
			throw new IllegalStateException("the Vector API kernels could not be loaded: " + e, e);
		}
		throw new IllegalStateException("the Vector API kernels are not on the class path (no " + MatrixKernels.class.getName() + " service)");
	}
}
