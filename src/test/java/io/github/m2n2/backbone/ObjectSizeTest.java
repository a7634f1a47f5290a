package io.github.m2n2.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ObjectSizeTest {

	/** A grid of disks of the given diameter on a dark background (or dark disks on bright). */
	private static float[] disks(int s, double diameter, boolean bright, boolean touching) {
		float[] l = new float[s * s];
		double pitch = touching ? diameter * 0.9 : diameter * 2.2;
		for (int y = 0; y < s; y++)
			for (int x = 0; x < s; x++) {
				double cx = (Math.floor(x / pitch) + 0.5) * pitch, cy = (Math.floor(y / pitch) + 0.5) * pitch;
				boolean in = Math.hypot(x - cx, y - cy) <= diameter / 2;
				l[y * s + x] = in == bright ? 80 : 20;
			}
		return l;
	}

	@Test
	void estimatesTheDiameterOfSeparateAndTouchingDisksOfEitherPolarity() {
		for (double d : new double[] { 12, 30 }) {
			assertEquals(d, ObjectSize.estimate(disks(256, d, true, false), 256, 1), 0.2 * d, "bright separate " + d);
			assertEquals(d, ObjectSize.estimate(disks(256, d, false, false), 256, 1), 0.2 * d, "dark separate " + d);
		}
		// working pixels are 3 image pixels
		assertEquals(60, ObjectSize.estimate(disks(256, 20, true, false), 256, 3), 12);
	}

	@Test
	void rejectsNoObjectSizeOption() throws Exception {
		assertEquals(EmbeddedBackbone.OBJECT_SIZE_OFF, EmbeddedBackbone.objectSize("off"));
		assertEquals(EmbeddedBackbone.OBJECT_SIZE_AUTO, EmbeddedBackbone.objectSize(" Auto "));
		assertEquals(25.5, EmbeddedBackbone.objectSize("25.5"));
		for (String bad : new String[] { "0", "-3", "big", "NaN" })
			org.junit.jupiter.api.Assertions.assertThrows(BackboneException.class, () -> EmbeddedBackbone.objectSize(bad), bad);
	}
}
