package io.github.m2n2.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Vector API loops against the plain ones on random matrices: the same quantities up to float
 * rounding. Sizes that are not multiples of the vector length (nor of four rows) exercise the tails.
 */
class MatrixKernelsTest {

	private static void needsTheVectorModule() {
		Assumptions.assumeTrue(MatrixKernels.vectorAvailable(),
			"skipped: this test JVM lacks --add-modules jdk.incubator.vector (the pom's surefire argLine passes it)");
	}

	/** Fiji starts Java without the module: the engine must then pick the plain loops and never touch the vector class. */
	@Test
	void aJvmWithoutTheModuleUsesThePlainLoops() throws Exception {
		Process p = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
			System.getProperty("java.class.path"), WithoutModule.class.getName()).redirectErrorStream(true).start();
		String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
		assertEquals(0, p.waitFor(), output);
		assertEquals("scalar, float matrix; rows sum to 1", output);
	}

	/** Run in a JVM without the vector module by the test above. */
	public static final class WithoutModule {
		public static void main(String[] args) {
			float[] a = random(4, 1);
			for (int i = 0; i < a.length; i++) a[i] += 0.01f;
			TransitionMatrix t = TransitionMatrix.prepare(Attention.normalisingRows(2, a), new Settings(), ProgressListener.NONE);
			double s = 0;
			for (int j = 0; j < 4; j++) s += t.values()[j];
			System.out.println(TransitionMatrix.kernels() + (Math.abs(s - 1) < 1e-5 ? "; rows sum to 1" : "; rows do not sum to 1"));
		}
	}

	@Test
	void warmUpRunsTheTemperatureAndPackedLoopsOnASmallMatrix() {
		needsTheVectorModule();
		// an index slip in any loop would throw here rather than on a user's first matrix
		org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> MatrixKernels.vector().warmUp());
	}

	@Test
	void anUnknownChoiceIsRefusedWithTheChoices() {
		String old = System.getProperty(MatrixKernels.PROPERTY);
		try {
			System.setProperty(MatrixKernels.PROPERTY, "fast");
			IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, MatrixKernels::get);
			assertTrue(e.getMessage().contains("auto, scalar or vector"), e.getMessage());
			System.setProperty(MatrixKernels.PROPERTY, "scalar");
			assertEquals(ScalarKernels.INSTANCE, MatrixKernels.get());
		} finally {
			if (old == null) System.clearProperty(MatrixKernels.PROPERTY);
			else System.setProperty(MatrixKernels.PROPERTY, old);
		}
	}

	private static float[] random(int n, long seed) {
		java.util.Random rnd = new java.util.Random(seed);
		float[] a = new float[n * n];
		for (int i = 0; i < a.length; i++) {
			double x = rnd.nextDouble();
			// a wide range of magnitudes and some exact zeros, like sharpened attention
			a[i] = rnd.nextInt(17) == 0 ? 0f : (float) (x * x * x * Math.exp(-8 * rnd.nextDouble()));
		}
		return a;
	}

	@Test
	void temperatureMatchesThePlainLoop() {
		needsTheVectorModule();
		for (int n : new int[] { 7, 40, 131 }) {
			float[] a = random(n, n), b = a.clone();
			ScalarKernels.INSTANCE.temperature(a, n, 0, n, 1 / 0.65);
			MatrixKernels.vector().temperature(b, n, 0, n, 1 / 0.65);
			for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 2e-6 * a[i] + 1e-12, "n " + n + " entry " + i);
		}
	}

	@Test
	void sinkhornAndMarkovProductMatchThePlainLoops() {
		needsTheVectorModule();
		for (int n : new int[] { 9, 64, 101 }) {
			float[] a = random(n, 3 + n), b = a.clone();
			TransitionMatrix.Prepared p = TransitionMatrix.sinkhorn(ScalarKernels.INSTANCE, a, n, 50, false, ProgressListener.NONE);
			TransitionMatrix.Prepared q = TransitionMatrix.sinkhorn(MatrixKernels.vector(), b, n, 50, false, ProgressListener.NONE);
			assertEquals(50, q.iterations);
			for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 1e-4 * a[i] + 1e-9, "n " + n + " entry " + i);
			assertProductsAgree(p, q, n, 1e-4);
		}
	}

	/** The Markov step's product, two states at once, one of them sparse. */
	private static void assertProductsAgree(TransitionMatrix.Prepared p, TransitionMatrix.Prepared q, int n, double tolerance) {
		java.util.Random rnd = new java.util.Random(n);
		float[][] s = new float[2][n];
		for (int j = 0; j < n; j++) s[0][j] = rnd.nextFloat();
		s[1][n / 2] = 1f;
		float[][] x = new float[2][n], y = new float[2][n];
		p.kernels.multiplyLeft(p.values, n, s, x);
		q.kernels.multiplyLeft(q.values, n, s, y);
		for (int b = 0; b < 2; b++)
			for (int j = 0; j < n; j++) assertEquals(x[b][j], y[b][j], tolerance * Math.abs(x[b][j]) + 1e-7, "state " + b + " column " + j);
	}
	@Test
	void manyStatesAtOnceGiveEachStateAloneBitForBit() {
		needsTheVectorModule();
		MatrixKernels vector = MatrixKernels.vector();
		java.util.Random rnd = new java.util.Random(7);
		for (int n : new int[] { 37, 101 }) {
			float[] a = random(n, 11 + n);
			// eleven states: dense ones, sparse ones (zero on whole groups of rows), an empty one
			float[][] s = new float[11][n];
			for (int b = 0; b < s.length; b++)
				for (int j = 0; j < n; j++) s[b][j] = b % 3 == 2 ? (j % 9 == b % 9 ? 1f : 0f) : b == 10 ? 0f : rnd.nextFloat();
			float[][] together = new float[s.length][n];
			vector.multiplyLeft(a, n, s, together);
			for (int b = 0; b < s.length; b++) {
				float[][] alone = new float[1][n];
				vector.multiplyLeft(a, n, new float[][] { s[b] }, alone);
				for (int j = 0; j < n; j++)
					assertEquals(Float.floatToIntBits(alone[0][j]), Float.floatToIntBits(together[b][j]), "n " + n + " state " + b + " column " + j);
			}
		}
	}

	@Test
	void theVectorPowerIsThePlainPowerBitForBit() throws Exception {
		needsTheVectorModule();
		java.lang.reflect.Method powers = Class.forName("io.github.m2n2.vector.VectorKernels").getMethod("powers", float[].class, float.class,
			float[].class);
		java.util.Random rnd = new java.util.Random(9);
		float[] x = new float[4099];
		for (int i = 0; i < x.length; i++)
			x[i] = i % 7 == 0 ? 0f : i % 11 == 0 ? Float.MIN_VALUE * (1 + rnd.nextInt(1 << 20)) : i % 13 == 0 ? 1f
				: (float) Math.pow(2, -rnd.nextDouble() * 130);
		for (float e : new float[] { (float) (1 / 0.65), 0.5f, 3f }) {
			float[] vector = new float[x.length];
			for (int rep = 0; rep < 3; rep++) { // interpreted first, compiled later: the same bits
				powers.invoke(null, x, e, vector);
				for (int i = 0; i < x.length; i++)
					assertEquals(Float.floatToIntBits(Power.pow(x[i], e)), Float.floatToIntBits(vector[i]), "x = " + x[i] + ", e = " + e);
			}
		}
	}
}
