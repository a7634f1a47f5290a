package io.github.m2n2.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TransitionMatrixTest {

	@Test
	void sinkhornMakesA3x3MatrixDoublyStochastic() {
		float[] a = { 0.7f, 0.2f, 0.1f, 0.3f, 0.3f, 0.4f, 0.05f, 0.15f, 0.8f };
		TransitionMatrix.sinkhorn(ScalarKernels.INSTANCE, a, 3, 200, false, ProgressListener.NONE);
		for (int i = 0; i < 3; i++) {
			double row = 0, col = 0;
			for (int j = 0; j < 3; j++) {
				row += a[i * 3 + j];
				col += a[j * 3 + i];
			}
			assertEquals(1, row, 1e-6, "row " + i);
			assertEquals(1, col, 1e-4, "column " + i);
		}
		// the scaling keeps the pattern: the largest entry of each row stays where it was
		assertTrue(a[0] > a[1] && a[8] > a[7]);
	}

	@Test
	void sinkhornEqualsExplicitAlternatingNormalisation() {
		java.util.Random rnd = new java.util.Random(3);
		int n = 7;
		float[] a = new float[n * n];
		for (int i = 0; i < a.length; i++) a[i] = 0.01f + rnd.nextFloat();
		double[] ref = new double[n * n];
		for (int i = 0; i < a.length; i++) ref[i] = a[i];
		for (int it = 0; it < 5; it++) {
			for (int j = 0; j < n; j++) {
				double s = 0;
				for (int i = 0; i < n; i++) s += ref[i * n + j];
				for (int i = 0; i < n; i++) ref[i * n + j] /= s;
			}
			for (int i = 0; i < n; i++) {
				double s = 0;
				for (int j = 0; j < n; j++) s += ref[i * n + j];
				for (int j = 0; j < n; j++) ref[i * n + j] /= s;
			}
		}
		TransitionMatrix.sinkhorn(ScalarKernels.INSTANCE, a, n, 5, false, ProgressListener.NONE);
		for (int i = 0; i < a.length; i++) assertEquals(ref[i], a[i], 1e-5);
	}

	@Test
	void temperatureIsPowerThenRowNormalisation() {
		float[] a = { 0.5f, 0.5f, 0f, 0.2f, 0.3f, 0.5f, 1f, 0f, 0f };
		TransitionMatrix.applyTemperature(ScalarKernels.INSTANCE, a, 3, 0.5);
		// row 1: squares 0.04, 0.09, 0.25 over 0.38
		assertEquals(0.04 / 0.38, a[3], 1e-6);
		assertEquals(0.25 / 0.38, a[5], 1e-6);
		assertEquals(0.5, a[0], 1e-6);
		assertEquals(0f, a[2], "log(0) is guarded: zero stays zero");
		assertEquals(1f, a[6], 1e-6);
	}

	@Test
	void preparedRowsSumToOne() {
		java.util.Random rnd = new java.util.Random(5);
		int r = 4, n = 16;
		float[] a = new float[n * n];
		for (int i = 0; i < a.length; i++) a[i] = rnd.nextFloat();
		Attention att = Attention.normalisingRows(r, a);
		TransitionMatrix t = TransitionMatrix.prepare(att, new Settings(), ProgressListener.NONE);
		for (int i = 0; i < n; i++) {
			double s = 0;
			for (int j = 0; j < n; j++) s += t.values()[i * n + j];
			assertEquals(1, s, 1e-5);
		}
		assertEquals(a[0], att.values()[0], "prepare() leaves the attention untouched");
	}

	private static Attention randomAttention(int r, long seed, float floor) {
		java.util.Random rnd = new java.util.Random(seed);
		int n = r * r;
		float[] a = new float[n * n];
		for (int i = 0; i < a.length; i++) a[i] = floor + rnd.nextFloat();
		return Attention.normalisingRows(r, a);
	}

	@Test
	void convergedStopGivesTheFullCountsMatrixBitForBit() {
		Attention att = randomAttention(8, 11, 0.05f);
		TransitionMatrix fixed = TransitionMatrix.prepare(att, new Settings().sinkhornStop(Settings.SinkhornStop.FIXED), ProgressListener.NONE);
		TransitionMatrix converged = TransitionMatrix.prepare(att, new Settings(), ProgressListener.NONE);
		assertEquals(200, fixed.sinkhornIterationsRun());
		assertTrue(converged.sinkhornIterationsRun() < 100,
			"a well-conditioned matrix reaches its float fixed point early, ran " + converged.sinkhornIterationsRun());
		assertTrue(java.util.Arrays.equals(fixed.values(), converged.values()), "the early stop changes no bit of the matrix");
	}

	@Test
	void convergedStopKeepsIteratingWhileTheScalingStillMoves() {
		// two nearly disconnected blocks: Sinkhorn moves mass between them very slowly
		int r = 4, n = 16;
		float[] a = new float[n * n];
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++) a[i * n + j] = (i < 4) == (j < 4) ? 1f + (i * 7 + j * 3) % 5 : 1e-4f;
		Attention att = Attention.normalisingRows(r, a);
		for (int count : new int[] { 5, 30 }) {
			Settings s = new Settings().temperature(1).sinkhornIterations(count);
			TransitionMatrix fixed = TransitionMatrix.prepare(att, s.copy().sinkhornStop(Settings.SinkhornStop.FIXED), ProgressListener.NONE);
			TransitionMatrix converged = TransitionMatrix.prepare(att, s, ProgressListener.NONE);
			assertEquals(count, converged.sinkhornIterationsRun());
			assertTrue(java.util.Arrays.equals(fixed.values(), converged.values()));
		}
	}
}
