package io.github.m2n2.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.m2n2.engine.Click;

class SimulatedUserTest {

	@Test
	void clicksFollowTheErrorsAndStopWhenNoneIsLeft() {
		int w = 40, h = 30;
		int[] m = new int[w * h];
		for (int y = 5; y < 25; y++)
			for (int x = 5; x < 35; x++) m[y * w + x] = 255;
		GroundTruth truth = GroundTruth.fromBinaryMask(w, h, m);
		List<List<Click>> seen = new ArrayList<>();
		// a scripted segmenter: the left half of the object after one click, then a spill into
		// the background, then exactly the object
		SimulatedUser.Segmenter scripted = clicks -> {
			seen.add(List.copyOf(clicks));
			short[] labels = new short[w * h];
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					boolean obj = m[y * w + x] != 0;
					boolean on = clicks.size() == 1 ? obj && x < 20 : clicks.size() == 2 ? obj || y < 5 : obj;
					if (on) labels[y * w + x] = 1;
				}
			return labels;
		};
		List<Double> reported = new ArrayList<>();
		ObjectResult<SimulatedClick> r = SimulatedUser.evaluate("img", truth, scripted, 20, (k, iou) -> reported.add(iou));
		assertEquals(3, r.clicks().size(), "a perfect prediction leaves nothing to click");
		assertArrayEquals(new double[] { 15 * 20 / 600.0, 600.0 / (600 + 40 * 5), 1.0 }, r.ious(), 1e-12);
		assertEquals(3, reported.size());
		// click 2 is positive, in the missed right half; click 3 negative, in the spilled strip
		Click second = seen.get(1).get(1), third = seen.get(2).get(2);
		assertEquals(1, second.label());
		assertTrue(second.x() >= 20 && second.y() >= 5 && second.y() < 25, "click 2 " + second);
		assertEquals(0, third.label());
		assertTrue(third.y() < 5, "click 3 " + third);
		assertEquals(3, r.noc(0.85), "0.75 after 2 clicks is below 0.85");
		assertEquals(3, r.noc(0.95));
		assertEquals(1.0, r.iouAfter(20), 0);
		assertFalse(seen.get(0).get(0).isBackground());
	}
}
