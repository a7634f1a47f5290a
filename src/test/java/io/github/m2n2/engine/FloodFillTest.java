package io.github.m2n2.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class FloodFillTest {

	@Test
	void minimaxPathCrossesAWallThroughItsLowestGap() {
		float[] map = {
			0, 0, 9, 0, 0,
			0, 0, 9, 0, 0,
			0, 0, 1, 0, 0,
			0, 0, 9, 0, 0,
			0, 0, 9, 0, 0 };
		float[] d = FloodFill.minimax(map, 5, 5, 0, 0);
		float g = 1f / 9;
		float[] expected = {
			0, 0, 1, g, g,
			0, 0, 1, g, g,
			0, 0, g, g, g,
			0, 0, 1, g, g,
			0, 0, 1, g, g };
		assertArrayEquals(expected, d, 1e-6f);
	}

	@Test
	void costIsMeasuredFromTheClickValueInBothDirections() {
		// click at value 5: going down to 3 costs 2, up to 6 costs 1; the far cell behind the 3 costs max(2, |4 - 5|)
		float[] map = { 3, 5, 6, 4 };
		float[] d = FloodFill.minimax(new float[] { 4, 3, 5, 6 }, 4, 1, 2, 0);
		assertArrayEquals(new float[] { 1f, 1f, 0f, 0.5f }, d, 1e-6f);
		assertArrayEquals(new float[] { 2f / 2, 0f, 1f / 2, 1f / 2 }, FloodFill.minimax(map, 4, 1, 1, 0), 1e-6f);
	}

	@Test
	void aFlatMapIsAllZero() {
		float[] d = FloodFill.minimax(new float[12], 4, 3, 1, 1);
		assertArrayEquals(new float[12], d);
	}
}
