package io.github.m2n2.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class NumberOfClicksTest {

	@Test
	void smallestClickCountReachingEachThreshold() {
		double[] ious = { 0.5, 0.86, 0.84, 0.91, 0.9499, 0.95, 0.97 };
		assertEquals(2, NumberOfClicks.of(ious, 0.85, 20));
		assertEquals(4, NumberOfClicks.of(ious, 0.90, 20));
		assertEquals(6, NumberOfClicks.of(ious, 0.95, 20), "0.95 itself counts as reached");
		assertEquals(20, NumberOfClicks.of(ious, 0.98, 20), "never reached counts as max clicks");
		assertEquals(5, NumberOfClicks.of(ious, 0.95, 5), "a click beyond max clicks does not count");
	}

	@Test
	void reportAveragesAndCarriesAPerfectResultForward() {
		NocReport report = new NocReport(4);
		report.add(new ObjectResult<>("a", 1, List.of(), new double[] { 0.8, 0.9, 0.96, 0.97 }, 4, 0));
		// perfect after two clicks: no third click exists, the IoU stays 1
		report.add(new ObjectResult<>("b", 1, List.of(), new double[] { 0.6, 1.0 }, 4, 0));
		report.add(new ObjectResult<>("c", 1, List.of(), new double[] { 0.1, 0.2, 0.3, 0.4 }, 4, 0));
		assertEquals((2 + 2 + 4) / 3.0, report.meanNoc(0.85), 1e-12);
		assertEquals((2 + 2 + 4) / 3.0, report.meanNoc(0.90), 1e-12);
		assertEquals((3 + 2 + 4) / 3.0, report.meanNoc(0.95), 1e-12);
		assertArrayEquals(new double[] { 0.5, 0.7, (0.96 + 1 + 0.3) / 3, (0.97 + 1 + 0.4) / 3 }, report.meanIou(), 1e-12);
		assertEquals("NoC85 2.67 NoC90 2.67 NoC95 3.00 over 3 objects", report.summaryLine());
	}
}
