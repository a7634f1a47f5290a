package io.github.m2n2.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Point;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LivePanelPlacementTest {

	private static final Rectangle SCREEN = new Rectangle(0, 0, 1400, 1000);

	@Test
	void aFreeSpotIsKept() {
		assertEquals(new Point(10, 600), LivePanel.free(new Rectangle(10, 600, 500, 150), SCREEN, List.of(new Rectangle(700, 600, 500, 150))));
	}

	@Test
	void panelsOfImagesAtTheSamePlaceDoNotCoverEachOther() {
		List<Rectangle> taken = new ArrayList<>();
		for (int k = 0; k < 8; k++) {
			// every image's panel wants the same place (the bottom of the screen, or higher)
			Point p = LivePanel.free(new Rectangle(10, k % 2 == 0 ? 850 : 300, 500, 150), SCREEN, taken);
			Rectangle r = new Rectangle(p.x, p.y, 500, 150);
			assertTrue(SCREEN.contains(r), "panel " + k + " off the screen: " + r);
			for (Rectangle t : taken) assertFalse(t.intersects(r), "panel " + k + " " + r + " covers " + t);
			taken.add(r);
		}
	}
}
