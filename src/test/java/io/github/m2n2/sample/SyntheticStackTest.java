package io.github.m2n2.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SyntheticStackTest {

	/** Whether labels a and b are 4-neighbours somewhere on some plane. */
	private static boolean touch(SyntheticStack s, int a, int b) {
		int n = s.width * s.height;
		for (int p = 0; p < s.planes; p++)
			for (int y = 0; y < s.height; y++)
				for (int x = 0; x + 1 < s.width; x++) {
					int i = p * n + y * s.width + x;
					int u = s.labels[i], v = s.labels[i + 1];
					if ((u == a && v == b) || (u == b && v == a)) return true;
				}
		return false;
	}

	private static int[] planeSpan(SyntheticStack s, int k) {
		int first = -1, last = -1, n = s.width * s.height;
		for (int p = 0; p < s.planes; p++)
			for (int i = 0; i < n; i++)
				if (s.labels[p * n + i] == k) {
					if (first < 0) first = p;
					last = p;
					break;
				}
		return new int[] { first, last };
	}

	@Test
	void nucleiHaveSeveralSizesTouchingPairsAndEndWithinTheStack() {
		SyntheticStack s = SyntheticStack.nuclei(128, 128, 16, 6, 3, 4242);
		assertEquals(6, s.objects);
		assertTrue(touch(s, 2, 3), "nucleus 3 is pressed against nucleus 2");
		long min = Long.MAX_VALUE, max = 0;
		int endingInside = 0;
		for (int k = 1; k <= s.objects; k++) {
			long v = 0;
			for (short l : s.labels) if (l == k) v++;
			min = Math.min(min, v);
			max = Math.max(max, v);
			int[] span = planeSpan(s, k);
			if (span[0] > 0 || span[1] < s.planes - 1) endingInside++;
		}
		assertTrue(max > 2 * min, "sizes vary: " + min + " to " + max + " voxels");
		assertTrue(endingInside >= s.objects / 2, "most nuclei start or end inside the stack");
		// deterministic for a seed
		assertArrayEquals(s.pixels, SyntheticStack.nuclei(128, 128, 16, 6, 3, 4242).pixels);
	}

	@Test
	void theFirstCellLeavesTheFieldAndTheOthersStay() {
		SyntheticStack s = SyntheticStack.movingCells(96, 96, 12, 3, 777);
		assertTrue(s.timeLapse);
		int[] leaver = planeSpan(s, 1);
		assertEquals(0, leaver[0]);
		assertTrue(leaver[1] < s.planes - 1, "cell 1 is gone before the last frame (last seen on " + leaver[1] + ")");
		for (int k = 2; k <= s.objects; k++) assertEquals(s.planes - 1, planeSpan(s, k)[1], "cell " + k + " stays");
	}
}
