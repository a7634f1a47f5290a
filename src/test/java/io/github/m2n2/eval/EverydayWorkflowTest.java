package io.github.m2n2.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.m2n2.engine.Click;

class EverydayWorkflowTest {

	/** 20 x 10: object 1 is the square x 1..5, y 2..6; object 4 is x 12..18, y 1..7. */
	private static int[] labels() {
		int w = 20, h = 10;
		int[] l = new int[w * h];
		for (int y = 2; y <= 6; y++)
			for (int x = 1; x <= 5; x++) l[y * w + x] = 1;
		for (int y = 1; y <= 7; y++)
			for (int x = 12; x <= 18; x++) l[y * w + x] = 4;
		return l;
	}

	@Test
	void clicksEachObjectAtItsCentreAndTheBackgroundOnce() {
		List<Click> clicks = EverydayWorkflow.clicks(labels(), 20, 10);
		// the background's farthest pixels (3 from object 1 and from the image border) tie; raster order picks (8, 2)
		assertEquals(List.of(new Click(3, 4, 1), new Click(15, 4, 4), new Click(8, 2, 0)), clicks);
	}

	@Test
	void scoresEveryObjectAgainstItsOwnLabel() {
		int[] truth = labels();
		short[] predicted = new short[truth.length];
		// object 1 exactly; object 4 only its left half (x 12..15 of 12..18): IoU 4/7
		for (int i = 0; i < truth.length; i++) {
			if (truth[i] == 1) predicted[i] = 1;
			if (truth[i] == 4 && i % 20 <= 15) predicted[i] = 4;
		}
		WorkflowResult r = EverydayWorkflow.score("img", truth, predicted, 3, 0.5);
		assertArrayEquals(new int[] { 1, 4 }, r.labels());
		assertArrayEquals(new double[] { 1.0, 4.0 / 7 }, r.ious(), 1e-12);
		assertEquals((1 + 4.0 / 7) / 2, r.meanIou(), 1e-12);
		assertEquals(1.0, r.foundFraction(), 1e-12);

		// a label swap finds nothing: IoU is per label, not per overlap
		short[] swapped = new short[truth.length];
		for (int i = 0; i < truth.length; i++) swapped[i] = (short) (truth[i] == 1 ? 4 : truth[i] == 4 ? 1 : 0);
		WorkflowResult s = EverydayWorkflow.score("img", truth, swapped, 3, 0.5);
		assertEquals(0.0, s.meanIou(), 1e-12);
		assertEquals(0.0, WorkflowResult.found(List.of(s)), 1e-12);
		assertEquals(0.5, WorkflowResult.found(List.of(r, s)), 1e-12);
	}
}
