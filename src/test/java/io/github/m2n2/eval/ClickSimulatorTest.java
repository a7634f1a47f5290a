package io.github.m2n2.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClickSimulatorTest {

	private static int[] disk(int w, int h, int cx, int cy, double radius, int value) {
		int[] m = new int[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				if (Math.hypot(x - cx, y - cy) <= radius) m[y * w + x] = value;
		return m;
	}

	@Test
	void firstClickIsTheDiskCentre() {
		GroundTruth t = GroundTruth.fromBinaryMask(60, 50, disk(60, 50, 23, 31, 12, 255));
		SimulatedClick c = ClickSimulator.first(t);
		assertEquals(23, c.x());
		assertEquals(31, c.y());
		assertTrue(c.isObject());
		// the nearest pixel outside a digital disk of radius 12 lies just beyond 12
		assertEquals(12, c.boundaryDistance(), 0.5);
	}

	@Test
	void firstClickAvoidsTheImageBorder() {
		// a rectangle flush with the left border: the padding makes that border count as boundary
		int w = 40, h = 21;
		int[] m = new int[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < 20; x++) m[y * w + x] = 255;
		SimulatedClick c = ClickSimulator.first(GroundTruth.fromBinaryMask(w, h, m));
		// without padding the deepest pixels would sit at x = 0, 20 from the right edge of the rectangle
		assertTrue(c.x() >= 9 && c.x() <= 10, "x " + c.x());
		assertEquals(10, c.boundaryDistance(), 1e-12);
	}

	@Test
	void nextClickLiesInTheLargerErrorRegion() {
		int w = 80, h = 60;
		int[] truth = new int[w * h];
		// object: a big square; the prediction misses a 20 x 20 part of it and claims a 6 x 6 patch outside
		for (int y = 10; y < 50; y++)
			for (int x = 10; x < 50; x++) truth[y * w + x] = 255;
		GroundTruth t = GroundTruth.fromBinaryMask(w, h, truth);
		boolean[] pred = new boolean[w * h];
		for (int i = 0; i < pred.length; i++) pred[i] = truth[i] != 0;
		for (int y = 10; y < 30; y++)
			for (int x = 10; x < 30; x++) pred[y * w + x] = false;
		for (int y = 40; y < 46; y++)
			for (int x = 60; x < 66; x++) pred[y * w + x] = true;
		SimulatedClick c = ClickSimulator.next(t, pred);
		assertTrue(c.x() >= 10 && c.x() < 30 && c.y() >= 10 && c.y() < 30, "click " + c);
		assertTrue(c.isObject(), "a missed object pixel is a positive click");

		// now the false positive is the larger region: the click is there and says background
		for (int y = 10; y < 30; y++)
			for (int x = 10; x < 30; x++) pred[y * w + x] = true;
		for (int y = 50; y < 60; y++)
			for (int x = 55; x < 80; x++) pred[y * w + x] = true;
		SimulatedClick d = ClickSimulator.next(t, pred);
		assertTrue(d.x() >= 55 && d.y() >= 40, "click " + d);
		assertFalse(d.isObject());
	}

	@Test
	void ignorePixelsAreNeverClickedNorCounted() {
		int w = 50, h = 50;
		int[] m = disk(w, h, 25, 25, 10, 255);
		// a wide ignore ring around the object
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				double r = Math.hypot(x - 25, y - 25);
				if (r > 10 && r <= 20) m[y * w + x] = GroundTruth.IGNORE_VALUE;
			}
		GroundTruth t = GroundTruth.fromBinaryMask(w, h, m);
		// a prediction that is the object plus the whole ignore ring: nothing wrong where it counts
		boolean[] pred = new boolean[w * h];
		for (int i = 0; i < pred.length; i++) pred[i] = m[i] != 0;
		assertEquals(1.0, t.iou(pred), 1e-12);
		assertNull(ClickSimulator.next(t, pred), "no error outside the ignore band");

		// predicting everything: the errors are the background corners, never the ring
		java.util.Arrays.fill(pred, true);
		SimulatedClick c = ClickSimulator.next(t, pred);
		assertNotNull(c);
		assertTrue(Math.hypot(c.x() - 25, c.y() - 25) > 20, "click " + c + " must lie outside the ring");
		assertFalse(c.isObject());
		// IoU counts the object (317 px) over object + background, ring excluded
		long object = t.objectPixels(), background = 0;
		for (int i = 0; i < m.length; i++) if (m[i] == 0) background++;
		assertEquals((double) object / (object + background), t.iou(pred), 1e-12);
	}

	@Test
	void labelImagesSplitIntoOneObjectPerLabel() {
		int w = 30, h = 20;
		int[] m = new int[w * h];
		m[5 * w + 5] = 3;
		m[5 * w + 6] = 3;
		m[10 * w + 20] = 7;
		m[11 * w + 20] = 128; // a label, not "ignore", in label images
		assertEquals(java.util.List.of(3, 7, 128), new java.util.ArrayList<>(GroundTruth.labelsIn(m)));
		GroundTruth seven = GroundTruth.fromLabelImage(w, h, m, 7);
		assertEquals(1, seven.objectPixels());
		assertEquals(7, seven.label());
		assertFalse(seven.isIgnored(11 * w + 20));
		assertFalse(seven.isObject(5 * w + 5), "other objects are background");
		SimulatedClick c = ClickSimulator.first(seven);
		assertEquals(20, c.x());
		assertEquals(10, c.y());
	}
}
