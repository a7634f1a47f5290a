package io.github.m2n2.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

class DistanceTransformTest {

	/** Squared distance to the nearest outside pixel, the padding ring included, by brute force. */
	private static double[] bruteForce(boolean[] inside, int w, int h) {
		double[] d = new double[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				if (!inside[y * w + x]) continue;
				double best = Double.POSITIVE_INFINITY;
				for (int v = -1; v <= h; v++)
					for (int u = -1; u <= w; u++) {
						boolean outside = u < 0 || v < 0 || u >= w || v >= h || !inside[v * w + u];
						if (outside) best = Math.min(best, (double) (u - x) * (u - x) + (double) (v - y) * (v - y));
					}
				d[y * w + x] = best;
			}
		return d;
	}

	@Test
	void matchesBruteForceOnRandomMasks() {
		Random rnd = new Random(3);
		for (int trial = 0; trial < 30; trial++) {
			int w = 1 + rnd.nextInt(23), h = 1 + rnd.nextInt(19);
			double density = rnd.nextDouble();
			boolean[] m = new boolean[w * h];
			for (int i = 0; i < m.length; i++) m[i] = rnd.nextDouble() < density;
			double[] expected = bruteForce(m, w, h), actual = DistanceTransform.squared(m, w, h);
			for (int i = 0; i < m.length; i++) assertEquals(expected[i], actual[i], 0, "trial " + trial + " pixel " + i);
		}
	}

	@Test
	void aSmallMaskAwayFromTheBorderMatchesBruteForce() {
		Random rnd = new Random(8);
		for (int trial = 0; trial < 30; trial++) {
			int w = 20 + rnd.nextInt(30), h = 20 + rnd.nextInt(30);
			// a random blob in a random box, touching the image's side in some trials
			int bx = rnd.nextInt(w - 3), by = rnd.nextInt(h - 3), bw = 1 + rnd.nextInt(Math.min(12, w - bx)), bh = 1 + rnd.nextInt(Math.min(12, h - by));
			boolean[] m = new boolean[w * h];
			for (int y = by; y < by + bh; y++)
				for (int x = bx; x < bx + bw; x++) m[y * w + x] = rnd.nextDouble() < 0.8;
			double[] expected = bruteForce(m, w, h), actual = DistanceTransform.squared(m, w, h);
			for (int i = 0; i < m.length; i++) assertEquals(expected[i], actual[i], 0, "trial " + trial + " pixel " + i);
		}
	}

	@Test
	void fullMaskIsThinAtTheBorderBecauseOfThePadding() {
		int w = 7, h = 5;
		boolean[] m = new boolean[w * h];
		java.util.Arrays.fill(m, true);
		double[] d = DistanceTransform.squared(m, w, h);
		assertEquals(1, d[0], 0);
		// the centre row is 3 pixels from the padding above and below
		assertEquals(9, d[2 * w + 3], 0);
	}
}
