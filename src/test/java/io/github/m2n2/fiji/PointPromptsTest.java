package io.github.m2n2.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import ij.gui.PointRoi;

import io.github.m2n2.engine.Click;

class PointPromptsTest {

	@Test
	void oneCounterIsOneObjectWhicheverCounterItIs() {
		PointRoi roi = TestImages.points(new double[][] { { 3, 4, 2 }, { 5.7, 6.2, 2 } });
		assertEquals(List.of(new Click(3, 4, 1), new Click(5, 6, 1)), PointPrompts.of(roi, 1, false));
	}

	@Test
	void severalCountersMeanBackgroundAndObjects() {
		PointRoi roi = TestImages.points(new double[][] { { 1, 1, 0 }, { 2, 2, 1 }, { 3, 3, 4 } });
		assertEquals(List.of(new Click(1, 1, 0), new Click(2, 2, 1), new Click(3, 3, 4)), PointPrompts.of(roi, 1, false));
	}

	@Test
	void onAStackOnlyTheCurrentPlaneAndPlanelessPointsCount() {
		PointRoi roi = new PointRoi(new float[] { 1, 2, 3 }, new float[] { 1, 2, 3 }, 3);
		roi.setCounters(new int[] { 1 | (2 << 8), 2 | (3 << 8), 0 });
		// plane 2 holds the counter-1 point and the planeless counter-0 point: two counters
		assertEquals(List.of(new Click(1, 1, 1), new Click(3, 3, 0)), PointPrompts.of(roi, 2, true));
	}

	/**
	 * Counters are read over the whole selection: a lone counter-0 click on the current plane of a
	 * stack whose objects were clicked on other planes is background, not object 1, and counter 2
	 * stays label 2 on a plane where it is the only counter.
	 */
	@Test
	void theCountersOfEveryPlaneDecideTheLabels() {
		PointRoi roi = new PointRoi(new float[] { 30, 67, 5 }, new float[] { 27, 67, 90 }, 3);
		roi.setCounters(new int[] { 1 | (2 << 8), 2 | (2 << 8), 0 | (4 << 8) });
		assertEquals(List.of(new Click(5, 90, 0)), PointPrompts.of(roi, 4, true));
		assertEquals(List.of(new Click(30, 27, 1), new Click(67, 67, 2)), PointPrompts.of(roi, 2, true));
		PointRoi two = new PointRoi(new float[] { 30, 67 }, new float[] { 27, 67 }, 2);
		two.setCounters(new int[] { 1 | (1 << 8), 2 | (3 << 8) });
		assertEquals(List.of(new Click(67, 67, 2)), PointPrompts.of(two, 3, true));
	}

	@Test
	void textRoundTripsAndThePointToolsCountersKeepTheirNames() {
		List<Click> clicks = List.of(new Click(1, 2, 1), new Click(3, 4, 0));
		assertEquals("1,2,1;3,4,0", PointPrompts.toText(clicks));
		assertEquals(clicks, io.github.m2n2.input.PointsParser.parseList(PointPrompts.toText(clicks)));
		// other macros select counters by number: run("Point Tool...", "counter=2")
		assertEquals("0", PointRoi.getCounterChoices()[0]);
		assertEquals("3", PointRoi.getCounterChoices()[3]);
	}
}
