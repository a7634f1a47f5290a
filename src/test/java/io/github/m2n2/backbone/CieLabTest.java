package io.github.m2n2.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CieLabTest {

	@Test
	void referenceColours() {
		// white, black, sRGB red and a mid grey: published CIELAB (D65) values
		float[][] lab = CieLab.fromSrgb(new float[] { 1, 0, 1, 0.5f }, new float[] { 1, 0, 0, 0.5f }, new float[] { 1, 0, 0, 0.5f });
		assertEquals(100, lab[0][0], 0.01);
		assertEquals(0, lab[1][0], 0.01);
		assertEquals(0, lab[2][0], 0.01);
		assertEquals(0, lab[0][1], 0.01);
		assertEquals(53.24, lab[0][2], 0.05);
		assertEquals(80.09, lab[1][2], 0.05);
		assertEquals(67.20, lab[2][2], 0.05);
		assertEquals(53.39, lab[0][3], 0.05);
		assertEquals(0, lab[1][3], 0.01);
	}
}
