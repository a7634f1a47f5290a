package io.github.m2n2.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JointBilateralUpsamplerTest {

	@Test
	void bilinearUsesHalfPixelCentres() {
		// 2 tokens -> 4 pixels: source coordinates -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped)
		float[] out = JointBilateralUpsampler.bilinear(new float[] { 0, 1, 0, 1 }, 2, 4, 1);
		assertArrayEquals(new float[] { 0f, 0.25f, 0.75f, 1f }, out, 1e-6f);
	}

	@Test
	void upsamplingFollowsTheGuideEdge() {
		int w = 64, h = 64, r = 8;
		boolean[] right = new boolean[w * h];
		// the guide's edge at x = 36 does not fall on a token border (multiples of 8 px)
		for (int i = 0; i < right.length; i++) right[i] = i % w >= 36;
		GuideImage guide = TestImages.fromMask(right, w, h);
		float[] map = new float[r * r];
		for (int i = 0; i < map.length; i++) map[i] = (i % r) >= 4 ? 1f : 0f;
		Settings exact = new Settings().upsampling(Settings.Upsampling.EXACT);
		float[] up = new JointBilateralUpsampler(guide, r, exact).upsample(map);
		float[] plain = JointBilateralUpsampler.bilinear(map, r, w, h);
		int y = 32;
		// just left of the guide edge the plain resize already rises; the guided one stays low
		assertTrue(plain[y * w + 34] > 0.5f);
		assertTrue(up[y * w + 34] < plain[y * w + 34] - 0.2f, "guided " + up[y * w + 34] + " plain " + plain[y * w + 34]);
		assertEquals(1f, max(up), 1e-6);
	}

	@Test
	void fastSamplingStaysCloseToTheExactWindow() {
		int w = 96, h = 96, r = 12;
		java.util.Random rnd = new java.util.Random(2);
		boolean[] disc = new boolean[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) disc[y * w + x] = Math.hypot(x - 40, y - 50) < 25;
		GuideImage guide = TestImages.fromMask(disc, w, h);
		float[] map = new float[r * r];
		for (int i = 0; i < map.length; i++) map[i] = rnd.nextFloat();
		float[] exact = new JointBilateralUpsampler(guide, r, new Settings().upsampling(Settings.Upsampling.EXACT)).upsample(map);
		JointBilateralUpsampler fast = new JointBilateralUpsampler(guide, r, new Settings());
		float[] approx = fast.upsample(map);
		double err = 0;
		for (int i = 0; i < exact.length; i++) err += Math.abs(exact[i] - approx[i]);
		assertTrue(err / exact.length < 0.02, "mean difference " + err / exact.length);
		assertTrue(fast.samplesPerPixel() < new JointBilateralUpsampler(guide, r, new Settings().upsampling(Settings.Upsampling.EXACT)).samplesPerPixel());
	}

	private static float max(float[] v) {
		float m = 0;
		for (float x : v) m = Math.max(m, x);
		return m;
	}
}
