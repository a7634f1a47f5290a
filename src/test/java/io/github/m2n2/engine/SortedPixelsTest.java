package io.github.m2n2.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SortedPixelsTest {

	/** The comparison sort the radix sort replaces: (value bits, index) pairs as signed longs. */
	private static int[] reference(float[] d, int count) {
		long[] keys = new long[d.length];
		for (int i = 0; i < d.length; i++) keys[i] = ((long) Float.floatToIntBits(d[i] + 0f) << 32) | i;
		Arrays.sort(keys);
		int[] order = new int[count];
		for (int i = 0; i < count; i++) order[i] = (int) keys[i];
		return order;
	}

	private static void assertSameOrder(float[] d, String what) {
		int n = d.length;
		for (int count : new int[] { 0, 1, n / 3, (int) (0.4 * (n - 1)), n - 1, n })
			assertArrayEquals(reference(d, count), SortedPixels.smallest(d, count), what + ", first " + count);
	}

	@Test
	void manyTiesKeepRasterOrder() {
		Random rnd = new Random(5);
		for (int trial = 0; trial < 20; trial++) {
			float[] d = new float[1 + rnd.nextInt(5000)];
			int levels = 1 + rnd.nextInt(12);
			// few distinct values: long runs of ties, scattered over the raster
			for (int i = 0; i < d.length; i++) d[i] = rnd.nextInt(levels) / (float) levels;
			assertSameOrder(d, "trial " + trial);
		}
	}

	@Test
	void distanceLikeMapsWithFlatRegions() {
		Random rnd = new Random(9);
		int w = 300, h = 200;
		float[] d = new float[w * h];
		for (int i = 0; i < d.length; i++) {
			float v = (float) Math.hypot(i % w - 120, i / w - 80) / 400f + 1e-4f * rnd.nextInt(3);
			// plateaus, as the flood fill gives, and the clicked pixel at 0
			d[i] = v < 0.1f ? 0.1f : v;
		}
		d[80 * w + 120] = 0;
		assertSameOrder(d, "distance map");
	}

	@Test
	void everyKindOfFloatSortsAsTheComparisonSortDoes() {
		Random rnd = new Random(13);
		float[] specials = { 0f, -0f, Float.MIN_VALUE, Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
			Float.intBitsToFloat(0x7fc00001), 1f, -1f, -2f, 1e-30f, 1e30f };
		for (int trial = 0; trial < 10; trial++) {
			float[] d = new float[4000];
			for (int i = 0; i < d.length; i++) {
				int kind = rnd.nextInt(4);
				if (kind == 0) d[i] = specials[rnd.nextInt(specials.length)];
				else if (kind == 1) d[i] = Float.intBitsToFloat(rnd.nextInt());
				else d[i] = (float) rnd.nextGaussian();
			}
			assertSameOrder(d, "trial " + trial);
		}
	}
}
