package io.github.m2n2.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class NearestPromptMergeTest {

	@Test
	void eachPixelGoesToTheNearestPromptWithinItsThreshold() {
		// 1 x 6 image; click A (label 1) at x = 0, click B (label 2) at x = 5
		float[] a = { 0f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f };
		float[] b = { 0.5f, 0.4f, 0.3f, 0.2f, 0.1f, 0f };
		List<Click> clicks = List.of(new Click(0, 0, 1), new Click(5, 0, 2));
		// A's threshold 0.25: scaled 0, .4, .8, 1.2, ...; B's 0.1: scaled 5, 4, 3, 2, 1, 0
		short[] labels = NearestPromptMerge.merge(new float[][] { a, b }, new float[] { 0.25f, 0.1f }, clicks, 6, 1);
		assertArrayEquals(new short[] { 1, 1, 1, 0, 2, 2 }, labels);
	}

	@Test
	void tiesGoToTheFirstClickAndClickPixelsKeepTheirLabels() {
		float[] same = { 0f, 0.5f, 2f };
		List<Click> clicks = List.of(new Click(0, 0, 3), new Click(2, 0, 0));
		short[] labels = NearestPromptMerge.merge(new float[][] { same, same }, new float[] { 1f, 1f }, clicks, 3, 1);
		// pixel 2 is beyond both thresholds (2 > 1) yet is the background click's pixel; pixel 1 ties -> first click
		assertArrayEquals(new short[] { 3, 3, 0 }, labels);
		List<Click> objectFar = List.of(new Click(0, 0, 0), new Click(2, 0, 5));
		short[] l2 = NearestPromptMerge.merge(new float[][] { { 0f, 0.1f, 0.1f }, { 9f, 9f, 9f } }, new float[] { 1f, 1e-9f }, objectFar, 3, 1);
		assertArrayEquals(new short[] { 0, 0, 5 }, l2, "the object click pixel keeps label 5 although its map says otherwise");
	}
}
