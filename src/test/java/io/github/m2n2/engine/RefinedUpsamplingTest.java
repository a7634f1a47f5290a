package io.github.m2n2.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RefinedUpsamplingTest {

	/** Discs of different brightness on a noisy background: guide edges, flat parts, borders. */
	private static GuideImage guide(int w, int h, boolean colour) {
		java.util.Random rnd = new java.util.Random(5);
		float[] red = new float[w * h], green = new float[w * h], blue = new float[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				float v = 0.1f + 0.01f * rnd.nextFloat();
				if (Math.hypot(x - 30, y - 40) < 9) v = 0.8f;
				if (Math.hypot(x - 60, y - 25) < 14) v = 0.5f;
				if (Math.hypot(x - 3, y - 70) < 6) v = 0.65f;
				red[y * w + x] = v;
				green[y * w + x] = colour ? 1 - v : v;
				blue[y * w + x] = colour ? 0.3f * v : v;
			}
		return GuideImage.ofChannels(w, h, red, green, blue);
	}

	@Test
	void refinedPixelsEqualTheExactWindowBitForBitAndTheRestTheSampledOne() {
		int w = 96, h = 80, r = 8;
		float[] map = new float[r * r];
		java.util.Random rnd = new java.util.Random(3);
		for (int i = 0; i < map.length; i++) map[i] = 1000 * rnd.nextFloat();
		for (boolean colour : new boolean[] { false, true }) {
			GuideImage g = guide(w, h, colour);
			Settings refined = new Settings().upsampling(Settings.Upsampling.REFINED).refineRadius(4);
			JointBilateralUpsampler up = new JointBilateralUpsampler(g, r, refined);
			float[] exact = new JointBilateralUpsampler(g, r, refined.copy().upsampling(Settings.Upsampling.EXACT)).unnormalised(map, 0, 0);
			float[] fast = new JointBilateralUpsampler(g, r, refined.copy().upsampling(Settings.Upsampling.FAST)).unnormalised(map, 0, 0);
			// clicks in the middle, on a disc, and at the image's corner (windows cut by every side)
			for (int[] click : new int[][] { { 48, 40 }, { 30, 40 }, { 0, 79 }, { 95, 0 } }) {
				float[] values = up.unnormalised(map, click[0], click[1]);
				boolean[] edges = up.guideEdges();
				int refinedPixels = 0, sampledPixels = 0;
				double cellX = (double) w / r, cellY = (double) h / r;
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++) {
						int p = y * w + x;
						double nx = (x - click[0]) / cellX, ny = (y - click[1]) / cellY, d2 = nx * nx + ny * ny;
						boolean inside = d2 <= 4 || (d2 <= 16 && edges[p]);
						String where = (colour ? "colour" : "grey") + " click " + click[0] + "," + click[1] + " pixel " + x + "," + y;
						if (inside) {
							assertEquals(Float.floatToIntBits(exact[p]), Float.floatToIntBits(values[p]), where);
							refinedPixels++;
						} else {
							assertEquals(Float.floatToIntBits(fast[p]), Float.floatToIntBits(values[p]), where);
							sampledPixels++;
						}
					}
				assertTrue(refinedPixels > 100 && sampledPixels > 100, refinedPixels + " refined, " + sampledPixels + " sampled");
			}
		}
	}

	@Test
	void mapsUpsampledTogetherEqualEachUpsampledAloneBitForBit() {
		int w = 96, h = 80, r = 8;
		java.util.Random rnd = new java.util.Random(11);
		// overlapping refine discs, one at a corner, one without a click (nothing refined)
		int[] xs = { 48, 52, 30, 0, -1 }, ys = { 40, 44, 40, 79, -1 };
		float[][] maps = new float[xs.length][r * r];
		for (float[] m : maps)
			for (int i = 0; i < m.length; i++) m[i] = 1000 * rnd.nextFloat();
		for (boolean colour : new boolean[] { false, true })
			for (Settings.Upsampling mode : Settings.Upsampling.values()) {
				JointBilateralUpsampler up = new JointBilateralUpsampler(guide(w, h, colour), r, new Settings().upsampling(mode).refineRadius(4));
				float[][] together = up.unnormalised(maps, xs, ys);
				for (int b = 0; b < maps.length; b++) {
					float[] alone = up.unnormalised(maps[b], xs[b], ys[b]);
					for (int p = 0; p < alone.length; p++)
						assertEquals(Float.floatToIntBits(alone[p]), Float.floatToIntBits(together[b][p]),
							mode + (colour ? " colour" : " grey") + " map " + b + " pixel " + p);
				}
			}
	}

	@Test
	void guideEdgesAreWhereTheGuideChangesByHalfARangeSigma() {
		int w = 40, h = 10;
		float[] v = new float[w * h];
		for (int i = 0; i < v.length; i++) v[i] = (i % w) < 20 ? 0.2f : 0.2f + 0.04f; // a step of 0.4 sigma: flat
		JointBilateralUpsampler flat = new JointBilateralUpsampler(GuideImage.ofChannels(w, h, v, v.clone(), v.clone()), 4, new Settings());
		for (boolean e : flat.guideEdges()) assertTrue(!e);
		for (int i = 0; i < v.length; i++) if (i % w >= 20) v[i] = 0.2f + 0.06f; // 0.6 sigma: an edge, two pixels wide, widened by one
		boolean[] edges = new JointBilateralUpsampler(GuideImage.ofChannels(w, h, v, v.clone(), v.clone()), 4, new Settings()).guideEdges();
		for (int x = 0; x < w; x++) assertEquals(x >= 18 && x <= 21, edges[5 * w + x], "x = " + x);
	}
}
