package io.github.m2n2.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The 16-bit matrix: what it keeps of each entry, its layout, and that Sinkhorn and the Markov
 * step on it give the float matrix's results to its precision, in both loop versions.
 */
class PackedMatrixTest {

	/** Sharpened-attention-like rows: magnitudes over 40 binades, exact zeros, a zero row. */
	private static float[] rows(int n, long seed) {
		java.util.Random rnd = new java.util.Random(seed);
		float[] a = new float[n * n];
		for (int i = 0; i < n; i++) {
			if (i == 3) continue;
			for (int j = 0; j < n; j++) a[i * n + j] = rnd.nextInt(13) == 0 ? 0f : (float) Math.pow(2, -40 * rnd.nextDouble()) * (1 + rnd.nextFloat());
		}
		return a;
	}

	@Test
	void keepsElevenFractionBitsOverThirtyBinadesAndZerosBelow() {
		int n = 96;
		float[] a = rows(n, 1);
		PackedMatrix m = PackedMatrix.pack(a, n);
		int kept = 0, dropped = 0;
		for (int i = 0; i < n; i++) {
			float max = 0;
			for (int j = 0; j < n; j++) max = Math.max(max, a[i * n + j]);
			for (int j = 0; j < n; j++) {
				float x = a[i * n + j], y = m.get(i, j);
				if (x >= max * 0x1p-29f) {
					assertEquals(x, y, x * 0x1p-12, "row " + i + " column " + j);
					kept++;
				} else if (x < max * 0x1p-31f) {
					assertEquals(0f, y, "row " + i + " column " + j + ": below the range becomes 0");
					dropped++;
				}
			}
		}
		assertTrue(kept > n * n / 2 && dropped > n, kept + " kept, " + dropped + " dropped");
		for (int j = 0; j < n; j++) assertEquals(0f, m.get(3, j), "a zero row stays zero");
	}

	@Test
	void eachWordHoldsAnEntryAndTheOneSixteenFurther() {
		int n = 64;
		float[] a = new float[n * n];
		for (int j = 0; j < n; j++) a[j] = j + 1; // exact in 11 fraction bits
		PackedMatrix m = PackedMatrix.pack(a, n);
		double s = m.scale(0);
		// word 17 is in the second group of 16: entries 32 + 1 and 48 + 1
		assertEquals(34f, (float) (PackedMatrix.low(m.words()[17]) * s));
		assertEquals(50f, (float) (PackedMatrix.high(m.words()[17]) * s));
		for (int j = 0; j < n; j++) assertEquals(j + 1f, m.get(0, j));
	}

	@Test
	void rowsOfOtherLengthsAreRefusedAndPreparationFallsBackToFloats() {
		assertFalse(PackedMatrix.fits(100));
		assertTrue(PackedMatrix.fits(1024));
		assertThrows(IllegalArgumentException.class, () -> PackedMatrix.pack(new float[100 * 100], 100));
		float[] a = rows(100, 2);
		for (int i = 0; i < a.length; i++) a[i] += 1e-3f;
		Settings packed = new Settings().matrixStorage(Settings.MatrixStorage.PACKED16);
		TransitionMatrix t = TransitionMatrix.prepare(Attention.normalisingRows(10, a), packed, ProgressListener.NONE);
		assertFalse(t.isPacked(), "r = 10 (100 tokens per row) is prepared in floats");
		assertTrue(TransitionMatrix.prepare(Attention.normalisingRows(8, rows(64, 3)), packed, ProgressListener.NONE).isPacked());
	}

	@Test
	void aPackedMatrixHoldsHalfTheBytesAndPeaksWithItsAttention() {
		Settings packed = new Settings().matrixStorage(Settings.MatrixStorage.PACKED16), floats = new Settings().matrixStorage(Settings.MatrixStorage.FLOAT);
		assertEquals(1L << 29, TransitionMatrix.heldBytes(128, packed));
		assertEquals(1L << 30, TransitionMatrix.heldBytes(128, floats));
		assertEquals(3L << 29, TransitionMatrix.peakBytes(128, packed), "the float attention and the packed matrix at once");
		assertEquals(1L << 30, TransitionMatrix.peakBytes(128, floats), "prepared in place");
		assertEquals(4L * 100 * 100, TransitionMatrix.heldBytes(10, packed), "r = 10 is held in floats");
		assertEquals(MatrixKernels.get() != ScalarKernels.INSTANCE, TransitionMatrix.packs(128, new Settings()), "auto packs where the vector loops run");
	}

	private static Attention attention(int r, long seed) {
		float[] a = rows(r * r, seed);
		for (int i = 0; i < a.length; i++) a[i] += 1e-6f; // every row attends somewhere
		return Attention.normalisingRows(r, a);
	}

	/** The prepared matrix and a Markov product of both storages, in the plain loops, agree to the packing's precision. */
	@Test
	void preparationAndMarkovStepAgreeWithTheFloatMatrix() {
		String old = System.getProperty(MatrixKernels.PROPERTY);
		try {
			System.setProperty(MatrixKernels.PROPERTY, "scalar");
			int r = 16, n = r * r;
			Attention att = attention(r, 5);
			Settings packed = new Settings().matrixStorage(Settings.MatrixStorage.PACKED16);
			Settings floats = new Settings().matrixStorage(Settings.MatrixStorage.FLOAT);
			assertFalse(TransitionMatrix.packs(r, new Settings()), "auto holds floats where the plain loops run");
			TransitionMatrix p = TransitionMatrix.prepare(att, packed, ProgressListener.NONE);
			TransitionMatrix f = TransitionMatrix.prepare(att, floats, ProgressListener.NONE);
			assertTrue(p.isPacked());
			assertFalse(f.isPacked());
			float[] x = p.values(), y = f.values();
			double worst = 0;
			for (int i = 0; i < n; i++) {
				double rowSum = 0;
				for (int j = 0; j < n; j++) {
					rowSum += x[i * n + j];
					if (y[i * n + j] > 1e-6) worst = Math.max(worst, Math.abs(x[i * n + j] - y[i * n + j]) / y[i * n + j]);
				}
				assertEquals(1, rowSum, 1e-5, "row " + i + " sums to 1");
			}
			assertTrue(worst < 3e-3, "largest relative difference of the prepared entries " + worst);
			assertProductsAgree(p, f, n, 3e-3);
		} finally {
			if (old == null) System.clearProperty(MatrixKernels.PROPERTY);
			else System.setProperty(MatrixKernels.PROPERTY, old);
		}
	}

	private static void assertProductsAgree(TransitionMatrix p, TransitionMatrix q, int n, double tolerance) {
		java.util.Random rnd = new java.util.Random(n);
		float[][] s = new float[3][n];
		for (int j = 0; j < n; j++) s[0][j] = rnd.nextFloat();
		s[1][n / 2] = 1f;
		for (int j = 0; j < n; j += 7) s[2][j] = rnd.nextFloat();
		float[][] x = new float[3][n], y = new float[3][n];
		p.multiplyLeft(s, x);
		q.multiplyLeft(s, y);
		for (int b = 0; b < 3; b++) {
			double total = 0;
			for (int j = 0; j < n; j++) total += y[b][j];
			for (int j = 0; j < n; j++)
				assertEquals(y[b][j], x[b][j], tolerance * Math.abs(y[b][j]) + 1e-6 * total, "state " + b + " column " + j);
		}
	}

	@Test
	void theVectorPackingGivesThePlainWordsBitForBit() {
		Assumptions.assumeTrue(MatrixKernels.vectorAvailable(), "skipped: no --add-modules jdk.incubator.vector");
		int n = 160;
		float[] a = rows(n, 11);
		a[5] = -0f;
		a[7] = Float.MIN_VALUE;
		PackedMatrix plain = PackedMatrix.pack(a, n), vector = PackedMatrix.empty(n);
		for (int i = 0; i < n; i++) MatrixKernels.vector().pack(vector, i, a, i * n);
		assertTrue(java.util.Arrays.equals(plain.words(), vector.words()));
		for (int i = 0; i < n; i++) assertEquals(plain.scale(i), vector.scale(i));
	}

	/** The vector loops on the packed matrix against the plain ones (sums in another order only). */
	@Test
	void theVectorLoopsGiveThePlainLoopsResults() {
		Assumptions.assumeTrue(MatrixKernels.vectorAvailable(), "skipped: no --add-modules jdk.incubator.vector");
		for (int n : new int[] { 64, 96, 160 }) {
			float[] a = rows(n, 7 + n);
			PackedMatrix m = PackedMatrix.pack(a, n);
			TransitionMatrix.Prepared p = TransitionMatrix.sinkhorn(ScalarKernels.INSTANCE, m, 40, false, ProgressListener.NONE);
			TransitionMatrix.Prepared q = TransitionMatrix.sinkhorn(MatrixKernels.vector(), m, 40, false, ProgressListener.NONE);
			for (int i = 0; i < n; i++) {
				if (i == 3) continue; // the zero row: no weight either way
				assertEquals(p.rowWeight[i], q.rowWeight[i], 1e-4 * Math.abs(p.rowWeight[i]), "n " + n + " row " + i);
				assertEquals(p.colWeight[i], q.colWeight[i], 1e-4 * Math.abs(p.colWeight[i]), "n " + n + " column " + i);
			}
			java.util.Random rnd = new java.util.Random(n);
			float[][] s = new float[5][n];
			for (int b = 0; b < 5; b++)
				for (int j = 0; j < n; j++) s[b][j] = b == 1 ? (j == n / 2 ? 1f : 0f) : rnd.nextFloat();
			float[][] x = new float[5][n], y = new float[5][n];
			p.kernels.multiplyLeft(m, p.rowWeight, p.colWeight, s, x);
			q.kernels.multiplyLeft(m, p.rowWeight, p.colWeight, s, y);
			for (int b = 0; b < 5; b++)
				for (int j = 0; j < n; j++) assertEquals(x[b][j], y[b][j], 1e-5 * Math.abs(x[b][j]) + 1e-9, "n " + n + " state " + b + " column " + j);
		}
	}
}
