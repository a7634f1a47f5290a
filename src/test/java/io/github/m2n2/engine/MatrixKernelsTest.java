package io.github.m2n2.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Vector API loops against the plain ones on random matrices: the same quantities up to float
 * rounding (float matrix) or up to the bfloat16 rounding of the compact copy. Sizes that are not
 * multiples of the vector length exercise the tails; n odd exercises the packing's padding column.
 */
class MatrixKernelsTest {

	@BeforeEach
	void needsTheVectorModule() {
		Assumptions.assumeTrue(MatrixKernels.vectorAvailable(),
			"skipped: this test JVM lacks --add-modules jdk.incubator.vector (the pom's surefire argLine passes it)");
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
		for (int n : new int[] { 7, 40, 131 }) {
			float[] a = random(n, n), b = a.clone();
			ScalarKernels.INSTANCE.temperature(a, n, 0, n, 1 / 0.65);
			MatrixKernels.vector(true).temperature(b, n, 0, n, 1 / 0.65);
			for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 2e-6 * a[i] + 1e-12, "n " + n + " entry " + i);
		}
	}

	@Test
	void vectorSinkhornOnTheFloatMatrixMatchesThePlainLoops() {
		for (int n : new int[] { 9, 64, 101 }) {
			float[] a = random(n, 3 + n), b = a.clone();
			TransitionMatrix.Prepared p = TransitionMatrix.sinkhorn(ScalarKernels.INSTANCE, a, n, 50, false, ProgressListener.NONE);
			TransitionMatrix.Prepared q = TransitionMatrix.sinkhorn(MatrixKernels.vector(false), b, n, 50, false, ProgressListener.NONE);
			assertEquals(50, q.iterations);
			for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 1e-4 * a[i] + 1e-9, "n " + n + " entry " + i);
			assertProductsAgree(p, q, n, 1e-4);
		}
	}

	@Test
	void compactCopyStaysWithinItsRounding() {
		for (int n : new int[] { 9, 64, 101 }) {
			float[] a = random(n, 5 + n), b = a.clone();
			TransitionMatrix.Prepared p = TransitionMatrix.sinkhorn(ScalarKernels.INSTANCE, a, n, 50, false, ProgressListener.NONE);
			TransitionMatrix.Prepared q = TransitionMatrix.sinkhorn(MatrixKernels.vector(true), b, n, 50, false, ProgressListener.NONE);
			// the scalings come from sums over many entries with independent rounding errors of at most 2^-9:
			// far below the per-entry error, and rows still sum to 1
			double worst = 0;
			for (int i = 0; i < a.length; i++) if (a[i] > 0) worst = Math.max(worst, Math.abs(b[i] - a[i]) / a[i]);
			assertTrue(worst < 4e-3, "n " + n + ": largest relative difference " + worst);
			for (int i = 0; i < n; i++) {
				double s = 0;
				for (int j = 0; j < n; j++) s += b[i * n + j];
				assertEquals(1, s, 1e-5);
			}
			assertProductsAgree(p, q, n, 6e-3);
		}
	}

	@Test
	void packingRoundsToNearestBfloat16() {
		int n = 5;
		float[] a = new float[n * n];
		a[0] = 1f + 0x1.0p-8f; // halfway between two bfloat16 values: ties to even, down to 1
		a[1] = 1f + 0x1.8p-8f; // above halfway: rounds up
		a[3] = 1e-30f;
		a[4] = 3f; // the last column of an odd row goes into the high half of int 1
		VectorKernels.Packed p = (VectorKernels.Packed) MatrixKernels.vector(true).operand(a, n);
		assertEquals(3, p.h);
		assertEquals(1f, VectorKernels.Packed.low(p.p[0]));
		assertEquals(1f + 0x1.0p-7f, VectorKernels.Packed.low(p.p[1]));
		assertEquals(1e-30f, VectorKernels.Packed.high(p.p[0]), 1e-30f / 128);
		assertEquals(3f, VectorKernels.Packed.high(p.p[1]));
		assertEquals(0f, VectorKernels.Packed.high(p.p[2]), "padding column");
	}

	/** The Markov step's product, two states at once, one of them sparse. */
	private static void assertProductsAgree(TransitionMatrix.Prepared p, TransitionMatrix.Prepared q, int n, double tolerance) {
		java.util.Random rnd = new java.util.Random(n);
		float[][] s = new float[2][n];
		for (int j = 0; j < n; j++) s[0][j] = rnd.nextFloat();
		s[1][n / 2] = 1f;
		float[][] x = new float[2][n], y = new float[2][n];
		p.product.multiplyLeft(s, x);
		q.product.multiplyLeft(s, y);
		for (int b = 0; b < 2; b++)
			for (int j = 0; j < n; j++) assertEquals(x[b][j], y[b][j], tolerance * Math.abs(x[b][j]) + 1e-7, "state " + b + " column " + j);
	}
}
