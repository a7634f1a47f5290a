package io.github.m2n2.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

class OrderStatisticTest {

	@Test
	void everyIndexGivesWhatASortPutsThere() {
		Random rnd = new Random(4);
		for (int trial = 0; trial < 200; trial++) {
			int n = 1 + rnd.nextInt(trial < 100 ? 40 : 3000);
			float[] a = new float[n];
			int kind = trial % 4;
			for (int i = 0; i < n; i++)
				// plain, many ties, already sorted, a few distinct values with infinities and -0
				a[i] = kind == 0 ? rnd.nextFloat() : kind == 1 ? rnd.nextInt(5) : kind == 2 ? i : new float[] { Float.NEGATIVE_INFINITY, -0f, 0f, 3f, Float.POSITIVE_INFINITY }[rnd.nextInt(5)];
			float[] sorted = a.clone();
			java.util.Arrays.sort(sorted);
			for (int k : new int[] { 0, n / 2, n - 1, rnd.nextInt(n) }) {
				float[] copy = a.clone();
				float v = OrderStatistic.kth(copy, 0, n, k);
				// -0 and 0 compare equal in the selection, so compare as numbers there
				if (sorted[k] == 0f) assertEquals(0f, v, 0f, "trial " + trial + " k " + k);
				else assertEquals(sorted[k], v, 0f, "trial " + trial + " k " + k);
			}
		}
	}
}
