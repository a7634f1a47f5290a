package io.github.m2n2.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ThresholdChooserTest {

	/** A ramp from 0 at (cx, cy) to 0.2 inside a square, then a step to 1 outside it. */
	private static float[] stepMap(int w, int h, int x0, int y0, int x1, int y1) {
		float[] d = new float[w * h];
		int cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				boolean in = x >= x0 && x <= x1 && y >= y0 && y <= y1;
				d[y * w + x] = in ? 0.2f * (Math.abs(x - cx) + Math.abs(y - cy)) / (x1 - x0 + y1 - y0) : 1f;
			}
		return d;
	}

	@Test
	void stopsAtTheStepOfAStepShapedDistanceMap() {
		int w = 40, h = 30;
		float[] d = stepMap(w, h, 10, 8, 22, 20);
		Settings s = new Settings();
		ThresholdChooser.Profile p = ThresholdChooser.profile(d, w, h, s);
		float tau = ThresholdChooser.choose(p, new float[] { 0f }, new float[0], s);
		int square = 13 * 13, region = 0, outside = 0;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				if (d[y * w + x] <= tau) {
					region++;
					if (x < 10 || x > 22 || y < 8 || y > 20) outside++;
				}
		// the strongest edge is the step; the region may stop one ring short of it, never before
		assertEquals(0, outside, "nothing beyond the step");
		assertTrue(region >= square - 4 * 12, "region " + region + " of " + square);
		float notAtStep = ThresholdChooser.choose(ThresholdChooser.profile(d, w, h, s.copy().edgeTerm(false)), new float[] { 0f },
			new float[0], s.copy().edgeTerm(false));
		assertTrue(notAtStep < tau, "without the edge term the first candidate wins");
	}

	@Test
	void areaPriorForbidsRegionsAboveFortyPercent() {
		int w = 20, h = 20;
		// the step encloses 64% of the image: the prior must keep the chosen region smaller
		float[] d = stepMap(w, h, 2, 2, 17, 17);
		Settings s = new Settings();
		ThresholdChooser.Profile p = ThresholdChooser.profile(d, w, h, s);
		float tau = ThresholdChooser.choose(p, new float[] { 0f }, new float[0], s);
		int strictlyBelow = 0;
		for (float v : d) if (v < tau) strictlyBelow++;
		assertTrue(strictlyBelow <= 0.4 * w * h, "region below tau " + strictlyBelow);
		Settings noPrior = new Settings().priorTerm(false);
		float free = ThresholdChooser.choose(ThresholdChooser.profile(d, w, h, noPrior), new float[] { 0f }, new float[0], noPrior);
		assertTrue(free > tau, "without the prior the step is reached");
	}

	@Test
	void negTermStopsBeforeAnOtherClassPoint() {
		int w = 40, h = 30;
		float[] d = stepMap(w, h, 10, 8, 22, 20);
		Settings s = new Settings();
		ThresholdChooser.Profile p = ThresholdChooser.profile(d, w, h, s);
		// an other-class point inside the square at D = 0.05
		float tau = ThresholdChooser.choose(p, new float[] { 0f }, new float[] { 0.05f }, s);
		assertTrue(tau < 0.05f, "tau " + tau);
	}

	@Test
	void posTermRewardsCoveringOwnClassPoints() {
		int w = 40, h = 30;
		float[] d = new float[w * h];
		// a ramp near the click, a plateau at 0.3 where a second own-class point lies, 0.5 beyond: the first step is the stronger edge
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) d[y * w + x] = x < 8 ? 0.05f * x / 8 : x < 14 ? 0.3f : 0.5f;
		Settings s = new Settings();
		ThresholdChooser.Profile p = ThresholdChooser.profile(d, w, h, s);
		float alone = ThresholdChooser.choose(p, new float[] { 0f }, new float[0], s);
		float both = ThresholdChooser.choose(p, new float[] { 0f, 0.3f }, new float[0], s);
		assertTrue(alone < 0.3f, "alone " + alone);
		assertEquals(0.3f, both, 1e-7, "the second own point pulls the region over its plateau");
	}

	@Test
	void sobelMirrorsWithoutRepeatingTheEdgePixel() {
		assertEquals(1, Sobel.mirror(-1, 5));
		assertEquals(3, Sobel.mirror(5, 5));
		// a ramp in x: gx = -8 per unit slope everywhere (mirror makes the border derivative 0)
		float[] img = new float[5 * 3];
		for (int y = 0; y < 3; y++)
			for (int x = 0; x < 5; x++) img[y * 5 + x] = x;
		float[] g = Sobel.magnitude(img, 5, 3);
		assertEquals(8f, g[5 + 2], 1e-6);
		assertEquals(0f, g[5], 1e-6);
	}
}
