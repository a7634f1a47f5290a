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

	/**
	 * A coarse grid on a narrow image: the window (three spatial sigmas of a token cell) is wider
	 * than the image, so some window offsets leave it for every pixel of a row (this used to end
	 * in an ArrayIndexOutOfBoundsException from --resolution 2).
	 */
	@Test
	void windowWiderThanTheImage() {
		int w = 40, h = 6, r = 2;
		java.util.Random rnd = new java.util.Random(3);
		float[] grey = new float[w * h];
		for (int i = 0; i < grey.length; i++) grey[i] = rnd.nextFloat();
		GuideImage guide = GuideImage.fromGrey(w, h, grey);
		float[] ramp = { 0f, 1f, 0.5f, 0.25f };
		float[] flat = { 0.3f, 0.3f, 0.3f, 0.3f };
		for (Settings.Upsampling mode : Settings.Upsampling.values()) {
			JointBilateralUpsampler up = new JointBilateralUpsampler(guide, r, new Settings().upsampling(mode));
			float[] out = up.upsample(ramp, 30, 2);
			assertEquals(w * h, out.length);
			for (float v : out) assertTrue(v >= 0 && v <= 1, mode + ": " + v);
			assertEquals(1f, max(out), 1e-6, mode.toString());
			// a weighted mean of a constant is that constant: every pixel 1 after the division by the maximum
			for (float v : up.upsample(flat, 30, 2)) assertEquals(1f, v, 1e-5, mode.toString());
		}
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

	@Test
	void rangeKernelFollowsTheExponential() {
		for (float e = 0; e <= 20; e += 0.01f)
			assertEquals(Math.exp(-e), RangeKernel.expMinus(e), 3e-5 * Math.exp(-e), "e = " + e);
		for (float e = 20; e <= 200; e += 0.5f) assertEquals(0, RangeKernel.expMinus(e), 1e-8, "e = " + e);
	}

	@Test
	void exactWindowMatchesTheFormulaPixelByPixel() {
		int w = 37, h = 29, r = 5;
		java.util.Random rnd = new java.util.Random(9);
		float[] red = new float[w * h], green = new float[w * h], blue = new float[w * h];
		for (int i = 0; i < red.length; i++) {
			red[i] = rnd.nextFloat();
			green[i] = (i % w) > 18 ? 0.8f : 0.1f;
			blue[i] = rnd.nextFloat() * 0.2f;
		}
		float[] map = new float[r * r];
		for (int i = 0; i < map.length; i++) map[i] = rnd.nextFloat();
		Settings exact = new Settings().upsampling(Settings.Upsampling.EXACT);
		for (GuideImage guide : new GuideImage[] { GuideImage.ofChannels(w, h, red, green, blue),
			GuideImage.ofChannels(w, h, red, red.clone(), red.clone()) }) {
			float[] up = new JointBilateralUpsampler(guide, r, exact).upsample(map);
			float[] ref = reference(guide, map, r, exact);
			for (int p = 0; p < up.length; p++) assertEquals(ref[p], up[p], 1e-4, "pixel " + p);
		}
	}

	/** The section's formula as written, in double precision, normalised by its maximum. */
	private static float[] reference(GuideImage g, float[] map, int r, Settings s) {
		int w = g.width(), h = g.height();
		float[] m = JointBilateralUpsampler.bilinear(map, r, w, h);
		double ux = (double) w / r * s.sigmaSpatial(), uy = (double) h / r * s.sigmaSpatial();
		double[] out = new double[w * h];
		double max = 0;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				double num = 0, den = 0;
				for (int qy = 0; qy < h; qy++)
					for (int qx = 0; qx < w; qx++) {
						int ox = qx - x, oy = qy - y;
						if (Math.abs(ox) > Math.floor(3 * ux) || Math.abs(oy) > Math.floor(3 * uy)) continue;
						double nx = ox / ux, ny = oy / uy;
						if (nx * nx + ny * ny > 9) continue;
						double d2 = 0;
						for (int c = 0; c < 3; c++) {
							double d = g.channel(c)[qy * w + qx] - g.channel(c)[y * w + x];
							d2 += d * d;
						}
						double wgt = Math.exp(-0.5 * (nx * nx + ny * ny)) * Math.exp(-0.5 * d2 / (s.sigmaRange() * s.sigmaRange()));
						num += wgt * m[qy * w + qx];
						den += wgt;
					}
				out[y * w + x] = num / den;
				max = Math.max(max, out[y * w + x]);
			}
		float[] f = new float[out.length];
		for (int i = 0; i < f.length; i++) f[i] = (float) (out[i] / max);
		return f;
	}

	private static float max(float[] v) {
		float m = 0;
		for (float x : v) m = Math.max(m, x);
		return m;
	}
}
