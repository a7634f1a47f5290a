package io.github.m2n2.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class DeadPixelsTest {

	@Test
	void aDeadPixelAndADeadRowTakeTheirNeighboursMean() {
		int w = 7, h = 6;
		float[] v = new float[w * h];
		for (int i = 0; i < v.length; i++) v[i] = 10 + i % w;
		v[2 * w + 3] = Float.NaN;
		for (int x = 0; x < w; x++) v[4 * w + x] = Float.POSITIVE_INFINITY;
		DeadPixels.fill(v, w, h);
		// the 8 neighbours of (3, 2) have values 12, 13, 14 in each of three rows
		assertEquals(13f, v[2 * w + 3], 1e-6f);
		for (int x = 1; x < w - 1; x++) assertEquals(10 + x, v[4 * w + x], 1e-5f, "row pixel " + x);
		for (float f : v) assertTrue(Float.isFinite(f));
	}

	/** A masked area (a block of NaN) stays non-finite but for its corners: the mappings count it as background. */
	@Test
	void aLargeAreaKeepsItsValues() {
		int w = 9, h = 9;
		float[] v = new float[w * h];
		Arrays.fill(v, 5f);
		for (int y = 2; y < 7; y++)
			for (int x = 2; x < 7; x++) v[y * w + x] = Float.NaN;
		DeadPixels.fill(v, w, h);
		assertTrue(Float.isNaN(v[4 * w + 4]), "interior");
		assertTrue(Float.isNaN(v[4 * w + 2]), "middle of an edge: finite neighbours on one side only");
		assertTrue(Float.isNaN(v[2 * w + 4]));
		assertEquals(5f, v[0], 0f);
	}

	@Test
	void finiteImagesAreLeftAsTheyAre() {
		float[] v = { 1, 2, 3, 4, 5, 6 }, before = v.clone();
		DeadPixels.fill(v, 3, 2);
		assertTrue(Arrays.equals(before, v));
	}
}
