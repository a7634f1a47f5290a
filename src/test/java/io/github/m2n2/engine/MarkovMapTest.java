package io.github.m2n2.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MarkovMapTest {

	private static TransitionMatrix blockDiagonal(int r) {
		// left half of the grid is one block, right half another; no leak between them
		int n = r * r;
		int[] region = new int[n];
		for (int i = 0; i < n; i++) region[i] = (i % r) < r / 2 ? 0 : 1;
		Attention a = TestImages.idealAttention(region, r, 0f);
		return TransitionMatrix.prepare(a, new Settings().sinkhornIterations(0), ProgressListener.NONE);
	}

	@Test
	void blockDiagonalAttentionGivesAMapConstantWithinEachBlock() {
		int r = 8;
		TransitionMatrix t = blockDiagonal(r);
		Settings s = new Settings().krylovDimension(0);
		// a click on a token centre of the left block
		float[] m = MarkovMap.compute(t, 80, 80, new int[] { 0 }, new int[] { 0 }, s, ProgressListener.NONE)[0];
		float inside = m[1]; // a left-block token other than the start
		for (int i = 0; i < r * r; i++) {
			boolean left = (i % r) < r / 2;
			if (i == 0) assertEquals(0f, m[i], "the start token is above theta from the beginning");
			else if (left) assertEquals(inside, m[i], 1e-6, "token " + i);
			else assertEquals(s.markovMaxSteps(), m[i], "the other block is never reached");
		}
		assertTrue(inside > 0 && inside <= 1, "one uniform step reaches the whole block: " + inside);
	}

	@Test
	void linearInterpolationOnATwoTokenChain() {
		// r = 1 is too small for a chain; use a 2x2 grid where token 0 walks to token 1 only slowly
		int r = 2, n = 4;
		float[] a = new float[n * n];
		// token 0 keeps 0.9, gives 0.1 to token 1; tokens 1..3 keep everything
		a[0] = 0.9f;
		a[1] = 0.1f;
		a[5] = 1f;
		a[10] = 1f;
		a[15] = 1f;
		Attention att = Attention.of(r, a);
		TransitionMatrix t = TransitionMatrix.prepare(att, new Settings().sinkhornIterations(0).temperature(1), ProgressListener.NONE);
		Settings s = new Settings().krylovDimension(0).markovMaxSteps(50);
		float[] m = MarkovMap.compute(t, 2, 2, new int[] { 0 }, new int[] { 0 }, s, ProgressListener.NONE)[0];
		// state of token 1 after step i (normalised by token 0's 0.9^i): 1/0.9^... -> s1(t) = (1 - 0.9^t) / 0.9^t
		double prev = 0;
		int step = 0;
		double expected = Double.NaN;
		for (int i = 0; i < 50; i++) {
			double cur = (1 - Math.pow(0.9, i + 1)) / Math.pow(0.9, i + 1);
			cur = Math.min(cur, 1);
			if (cur > 0.3) {
				double den = i == 0 ? (1 - 0.3) + 1e-6 : cur - prev + 1e-6;
				expected = i + 1 - (cur - 0.3) / den;
				step = i;
				break;
			}
			prev = cur;
		}
		assertTrue(step > 0, "the chain needs more than one step");
		assertEquals(expected, m[1], 1e-4);
		assertEquals(50f, m[2], "unconnected tokens get the step limit");
		Settings noInterp = s.copy().markovInterpolation(false);
		float[] m2 = MarkovMap.compute(t, 2, 2, new int[] { 0 }, new int[] { 0 }, noInterp, ProgressListener.NONE)[0];
		assertEquals(step + 1, m2[1], 1e-6);
	}

	@Test
	void startStateSplitsTheClickBilinearly() {
		// r = 4 on a 40 x 40 image: x = 20 maps to a = 3 * 0.5 = 1.5
		float[] s = MarkovMap.startState(4, 40, 40, 20, 0);
		assertEquals(1f, s[1], 1e-6);
		assertEquals(1f, s[2], 1e-6);
		assertEquals(2f, sum(s), 1e-6);
		float[] corner = MarkovMap.startState(4, 40, 40, 39, 39);
		assertEquals(1f, max(corner), 1e-6);
	}

	@Test
	void krylovContinuationAgreesWithTheExactWalk() {
		java.util.Random rnd = new java.util.Random(11);
		int r = 12, n = r * r;
		// smooth random features: an attention with slow mixing between two colour groups
		float[] feat = new float[n];
		for (int i = 0; i < n; i++) feat[i] = ((i % r) < r / 2 ? 0f : 1f) + 0.1f * (float) rnd.nextGaussian();
		float[] a = new float[n * n];
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++) {
				int xi = i % r, yi = i / r, xj = j % r, yj = j / r;
				double d = Math.pow(feat[i] - feat[j], 2) / 0.02 + ((xi - xj) * (xi - xj) + (yi - yj) * (yi - yj)) / 8.0;
				a[i * n + j] = (float) Math.exp(-d);
			}
		TransitionMatrix t = TransitionMatrix.prepare(Attention.normalisingRows(r, a), new Settings(), ProgressListener.NONE);
		int[] xs = { 10, 100 }, ys = { 50, 70 };
		float[][] exact = MarkovMap.compute(t, 120, 120, xs, ys, new Settings().krylovDimension(0), ProgressListener.NONE);
		float[][] krylov = MarkovMap.compute(t, 120, 120, xs, ys, new Settings().krylovDimension(32).krylovAfterSteps(16),
			ProgressListener.NONE);
		double err = 0;
		for (int b = 0; b < 2; b++)
			for (int j = 0; j < n; j++) err += Math.abs(exact[b][j] - krylov[b][j]);
		assertTrue(err / (2 * n) < 0.5, "mean difference " + err / (2 * n) + " steps");
		assertArrayEquals(exact[0], MarkovMap.compute(t, 120, 120, new int[] { 10 }, new int[] { 50 }, new Settings().krylovDimension(0),
			ProgressListener.NONE)[0], 1e-4f, "walking alone or in a batch gives the same map");
	}

	@Test
	void krylovReadBackFindsLateCrossingsAndLeavesUnreachedTokensAtTheLimit() {
		// two 8 x 4 halves with no leak between them; inside each, a slow diffusion between grid neighbours,
		// so far tokens cross only after many steps (several read-back blocks)
		int r = 8, n = r * r;
		float[] a = new float[n * n];
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++) {
				int xi = i % r, yi = i / r, xj = j % r, yj = j / r;
				boolean sameHalf = (xi < r / 2) == (xj < r / 2);
				int d2 = (xi - xj) * (xi - xj) + (yi - yj) * (yi - yj);
				if (sameHalf && d2 <= 1) a[i * n + j] = d2 == 0 ? 1f : 0.02f;
			}
		TransitionMatrix t = TransitionMatrix.prepare(Attention.normalisingRows(r, a), new Settings().sinkhornIterations(0).temperature(1),
			ProgressListener.NONE);
		int[] xs = { 0, 79 }, ys = { 0, 79 };
		Settings exactWalk = new Settings().krylovDimension(0).markovMaxSteps(2000);
		// a basis as large as the grid holds every state, so the continuation is the exact walk up to rounding
		Settings fullBasis = new Settings().krylovDimension(n).krylovAfterSteps(2).markovMaxSteps(2000);
		float[][] exact = MarkovMap.compute(t, 80, 80, xs, ys, exactWalk, ProgressListener.NONE);
		float[][] krylov = MarkovMap.compute(t, 80, 80, xs, ys, fullBasis, ProgressListener.NONE);
		float latest = 0;
		for (int b = 0; b < 2; b++)
			for (int j = 0; j < n; j++) {
				boolean ownHalf = ((j % r) < r / 2) == (b == 0);
				if (ownHalf) latest = Math.max(latest, exact[b][j]);
				else assertEquals(2000f, exact[b][j], "the other half is never reached");
			}
		assertTrue(latest > 100, "crossings late enough to need several read-back blocks: " + latest);
		for (int b = 0; b < 2; b++) assertArrayEquals(exact[b], krylov[b], 0.05f, "walk " + b);
		assertArrayEquals(krylov[1], MarkovMap.compute(t, 80, 80, new int[] { 79 }, new int[] { 79 }, fullBasis, ProgressListener.NONE)[0],
			1e-3f, "walking alone or in a batch gives the same map");
	}

	@Test
	void krylovSubspaceGrowsWhereManySlowModesNeedIt() {
		// a slow, uneven diffusion between grid neighbours: its slow modes lie dense near 1, and a small
		// fixed subspace cannot follow the walk for hundreds of steps
		int r = 16, n = r * r;
		float[] a = new float[n * n];
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++) {
				int xi = i % r, yi = i / r, xj = j % r, yj = j / r;
				int d2 = (xi - xj) * (xi - xj) + (yi - yj) * (yi - yj);
				if (d2 == 0) a[i * n + j] = 1f;
				else if (d2 == 1) a[i * n + j] = 0.5f * (1 + (i * 7 + j * 3) % 5);
			}
		TransitionMatrix t = TransitionMatrix.prepare(Attention.normalisingRows(r, a), new Settings(), ProgressListener.NONE);
		int[] xs = { 5, 150 }, ys = { 5, 90 };
		float[][] exact = MarkovMap.compute(t, 160, 160, xs, ys, new Settings().krylovDimension(0), ProgressListener.NONE);
		Settings fixed = new Settings().krylovDimension(20).krylovTolerance(0);
		Settings growing = new Settings().krylovDimension(20);
		double fixedError = maxDifference(exact, MarkovMap.compute(t, 160, 160, xs, ys, fixed, ProgressListener.NONE));
		double growingError = maxDifference(exact, MarkovMap.compute(t, 160, 160, xs, ys, growing, ProgressListener.NONE));
		assertTrue(fixedError > 100, "a fixed 20-vector subspace misses late crossings here: " + fixedError + " steps");
		assertTrue(growingError < 1, "the growing subspace follows the exact walk: " + growingError + " steps (fixed: " + fixedError + ")");
		assertArrayEquals(MarkovMap.compute(t, 160, 160, new int[] { 150 }, new int[] { 90 }, growing, ProgressListener.NONE)[0],
			MarkovMap.compute(t, 160, 160, xs, ys, growing, ProgressListener.NONE)[1], "a walk grows the same alone or in a batch");
	}

	@Test
	void nestedDifferenceIsZeroWhenTheLastVectorsAreDecoupled() {
		int big = 6, small = 4;
		double[][] h = new double[big + 1][big];
		java.util.Random rnd = new java.util.Random(3);
		for (int i = 0; i <= big; i++)
			for (int c = Math.max(0, i - 1); c < big; c++) h[i][c] = 0.3 * rnd.nextDouble();
		assertTrue(MarkovMap.KrylovPropagator.nestedDifference(h, small, big, 50) > 1e-3, "coupled: the last vectors change the walk");
		h[small][small - 1] = 0; // the walk started at e1 never leaves the first four vectors
		assertEquals(0, MarkovMap.KrylovPropagator.nestedDifference(h, small, big, 50), 1e-12);
	}

	private static double maxDifference(float[][] x, float[][] y) {
		double d = 0;
		for (int b = 0; b < x.length; b++)
			for (int j = 0; j < x[b].length; j++) d = Math.max(d, Math.abs(x[b][j] - y[b][j]));
		return d;
	}

	private static float sum(float[] v) {
		float s = 0;
		for (float x : v) s += x;
		return s;
	}

	private static float max(float[] v) {
		float s = 0;
		for (float x : v) s = Math.max(s, x);
		return s;
	}
}
