package io.github.m2n2.engine.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

import net.imglib2.img.array.ArrayImgs;

import io.github.m2n2.engine.BackgroundStretch;

class GreyStackGuidesTest {

	/** 3 planes of 40 x 40 noise around 100; a square of value {@code bright} on planes 0 and 1 only. */
	private static float[] stack(float bright) {
		int w = 40, h = 40;
		float[] v = new float[w * h * 3];
		Random r = new Random(3);
		for (int i = 0; i < v.length; i++) v[i] = 100 + (float) r.nextGaussian() * 2;
		for (int p = 0; p < 2; p++)
			for (int y = 10; y < 20; y++)
				for (int x = 10; x < 20; x++) v[p * w * h + y * w + x] = bright;
		return v;
	}

	@Test
	void onePlaneSharesTheStacksStretch() {
		float[] v = stack(400);
		GreyStackGuides g = GreyStackGuides.stretched(ArrayImgs.floats(v, 40, 40, 3));
		float inObject0 = g.guide(0).channel(0)[15 * 40 + 15], inObject1 = g.guide(1).channel(0)[15 * 40 + 15];
		assertEquals(inObject0, inObject1, 0f);
		assertTrue(inObject0 > 0.9f, "the object is bright: " + inObject0);
		// the plane without the object is not stretched into full-range noise as a stretch of its own would be
		float[] empty = g.guide(2).channel(0);
		float max = 0;
		for (float f : empty) max = Math.max(max, f);
		float[] own = BackgroundStretch.apply(java.util.Arrays.copyOfRange(v, 2 * 1600, 3 * 1600), 40, 40);
		float ownMax = 0;
		for (float f : own) ownMax = Math.max(ownMax, f);
		assertEquals(1f, ownMax, 1e-6f);
		assertTrue(max < 0.6f, "background plane reaches " + max);
	}

	@Test
	void theStretchOfOneImageIsTheFittedMappingApplied() {
		float[] v = stack(250);
		float[] direct = BackgroundStretch.apply(v, 40, 120);
		float[] viaFit = GreyStackGuides.stretched(ArrayImgs.floats(v, 40, 40, 3)).guide(1).channel(0);
		for (int i = 0; i < 1600; i++) assertEquals(direct[1600 + i], viaFit[i], 1e-6f);
	}

	@Test
	void minMaxAndDisplayRangeClampToTheUnitRange() {
		float[] v = stack(300);
		GreyStackGuides mm = GreyStackGuides.minMax(ArrayImgs.floats(v, 40, 40, 3));
		assertEquals(1f, mm.guide(0).channel(0)[15 * 40 + 15], 1e-6f);
		GreyStackGuides range = GreyStackGuides.range(ArrayImgs.floats(v, 40, 40, 3), 90, 110);
		assertEquals(1f, range.guide(0).channel(0)[15 * 40 + 15], 0f);
		assertEquals(0.5f, range.guide(2).channel(0)[0], 0.5f);
	}
}
