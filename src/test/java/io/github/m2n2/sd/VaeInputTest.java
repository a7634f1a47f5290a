package io.github.m2n2.sd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.github.m2n2.engine.GuideImage;

/** The SD2 input is the area-resized image rounded to 8-bit values, as OpenCV stores it. */
class VaeInputTest {

	@Test
	void areaResizedValuesAreRoundedToBytesBeforeScaling() {
		// red 10, 20, 200 (of 255) over 3 pixels, area-resized to 2: pixel 0 covers 1.5 inputs,
		// (10 + 0.5 * 20) / 1.5 = 13.33 -> 13; pixel 1: (0.5 * 20 + 200) / 1.5 = 140 -> 140
		float[] r = { 10 / 255f, 20 / 255f, 200 / 255f };
		float[] g = { 0f, 1f, 1f };   // (0 + 0.5 * 255) / 1.5 = 85 -> 85; 255
		float[] b = { 3 / 255f, 4 / 255f, 4 / 255f };   // (3 + 0.5 * 4) / 1.5 = 3.33 -> 3; 4
		GuideImage resized = GuideImage.ofChannels(3, 1, r, g, b).resized(2, 1);
		float[] in = StableDiffusionBackbone.pixels(resized);
		float[] expected = { 13, 140, 85, 255, 3, 4 };
		for (int i = 0; i < expected.length; i++)
			assertEquals(2 * expected[i] / 255.0 - 1, in[i], 1e-7, "value " + i);
	}

	@Test
	void anImageAlreadyOnTheGridKeepsItsBytes() {
		float[] v = { 0f, 1 / 255f, 128 / 255f, 1f };
		float[] in = StableDiffusionBackbone.pixels(GuideImage.ofChannels(4, 1, v, v.clone(), v.clone()));
		assertEquals(-1f, in[0]);
		assertEquals(2 * 1 / 255.0 - 1, in[1], 1e-7);
		assertEquals(2 * 128 / 255.0 - 1, in[2], 1e-7);
		assertEquals(1f, in[3]);
	}
}
