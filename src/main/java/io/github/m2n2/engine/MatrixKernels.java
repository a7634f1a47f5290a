package io.github.m2n2.engine;

import java.util.Locale;

/**
 * The loops over the N x N matrix that preparation and the Markov steps spend their time in:
 * temperature, Sinkhorn passes, the final scaling and the vector-matrix product. Two versions
 * compute the same quantities: {@link ScalarKernels}, plain Java that runs everywhere, and
 * {@code VectorKernels}, written with the JDK's incubating Vector API, which is faster where the
 * JVM was started with {@code --add-modules jdk.incubator.vector} (scripts/m2n2 does; Fiji does
 * not by default, see the README's "Speed" section).
 *
 * <p>The vector version keeps a compact bfloat16 copy of the temperature-sharpened matrix for the
 * Sinkhorn passes and the Markov steps (half the memory traffic of the float matrix, which is
 * what those passes are bound by). The system property {@code m2n2.kernels} chooses: {@code auto}
 * (default: vector with the compact copy where the module is present, scalar elsewhere),
 * {@code scalar}, {@code vector-float} or {@code vector-bf16}.
 */
abstract class MatrixKernels {

	static final String PROPERTY = TransitionMatrix.LOOPS_PROPERTY;
	private static final String VECTOR_MODULE = "jdk.incubator.vector";
	private static final String VECTOR_CLASS = "io.github.m2n2.engine.VectorKernels";

	/** Sinkhorn's view of the sharpened matrix {@code A1}: one row range at a time. */
	interface Operand {
		/** Length of the column vectors this operand reads and writes (N, or N rounded up for packing). */
		int width();

		/**
		 * For each row i in [from, to): with {@code v == null}, {@code acc += row_i}; otherwise
		 * {@code u[i] = 1 / (row_i . v)} (0 for a zero row) and, when {@code acc != null},
		 * {@code acc += (float) u[i] * row_i}.
		 */
		void rows(int from, int to, float[] v, double[] u, float[] acc);
	}

	/** {@code out = s A} for the prepared matrix A, several row vectors s at once. */
	interface Product {
		void multiplyLeft(float[][] states, float[][] out);
	}

	/** Whether this version stores the matrix in a reduced precision for the passes. */
	abstract String description();

	/** Row-wise {@code a^exponent} after dividing by the row maximum, then rows renormalised; zeros stay zero. */
	abstract void temperature(float[] a, int n, int from, int to, double exponent);

	abstract Operand operand(float[] a1, int n);

	/**
	 * Rows [from, to) of {@code a} become {@code diag(u) a diag(v)} renormalised to sum 1;
	 * {@code rowScale[i]} receives the factor that turned row i of the operand into the result
	 * (u_i times the renormalisation), so that {@link #product} can work from the operand.
	 */
	abstract void materialise(float[] a, int n, int from, int to, double[] u, float[] v, float[] rowScale);

	/**
	 * The Markov step's product with {@code A = diag(rowScale) A1 diag(colScale)}, where
	 * {@code values} holds A itself and {@code operand} the (possibly compact) A1.
	 */
	abstract Product product(float[] values, int n, Operand operand, float[] rowScale, float[] colScale);

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
			return vectorAvailable() ? vector(false) : ScalarKernels.INSTANCE;
		case "vector-float":
		case "vector-bf16":
			if (!vectorAvailable())
				throw new IllegalStateException("-D" + PROPERTY + "=" + choice + " needs the JVM option --add-modules " + VECTOR_MODULE);
			return vector(choice.equals("vector-bf16"));
		default:
			throw new IllegalStateException("-D" + PROPERTY + " must be auto, scalar, vector-float or vector-bf16, not '" + choice + "'");
		}
	}

	/** Loaded by name: the class links against the vector module, which a JVM may lack. */
	static MatrixKernels vector(boolean compact) {
		try {
			return (MatrixKernels) Class.forName(VECTOR_CLASS).getDeclaredConstructor(boolean.class).newInstance(compact);
		} catch (ReflectiveOperationException | LinkageError e) {
			throw new IllegalStateException("the Vector API kernels could not be loaded: " + e, e);
		}
	}
}
