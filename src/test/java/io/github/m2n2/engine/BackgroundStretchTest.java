package io.github.m2n2.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class BackgroundStretchTest {

	/**
	 * A 16-bit-like frame: background 33000 with noise 20, a dim object 300 above it and a
	 * bright one 30000 above it. Min-max leaves the dim object 1 % of the range above the
	 * background; the stretch must put it far above the background and within a factor of a
	 * few of the bright one.
	 */
	@Test
	void dimObjectsStandOutBesideBrightOnes() {
		int w = 120, h = 60;
		float[] v = new float[w * h];
		Random rnd = new Random(3);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				float base = 33000 + (float) (20 * rnd.nextGaussian());
				if (Math.hypot(x - 30, y - 30) < 10) base += 300;
				if (Math.hypot(x - 90, y - 30) < 10) base += 30000;
				v[y * w + x] = base;
			}
		float[] s = BackgroundStretch.apply(v, w, h);
		float background = s[5 * w + 60], dim = s[30 * w + 30], bright = s[30 * w + 90];
		for (float f : s) assertTrue(f >= 0 && f <= 1, "in [0, 1]: " + f);
		assertTrue(dim - background > 0.25, "dim object " + dim + " over background " + background);
		// a factor 100 in value, at most 4 in the guide (the knee sits a third of the way up to the dim object)
		assertTrue(bright - background < 4 * (dim - background), "bright " + bright + " dim " + dim + " background " + background);
		assertTrue(bright > dim, "order kept");
	}

	@Test
	void flatImagesGiveZeroAndNaNCountsAsBackground() {
		float[] flat = new float[100];
		java.util.Arrays.fill(flat, 7f);
		for (float f : BackgroundStretch.apply(flat, 10, 10)) assertEquals(0f, f);
		float[] v = new float[100];
		for (int i = 0; i < v.length; i++) v[i] = i % 10 == 0 ? 100 : 1;
		v[55] = Float.NaN;
		float[] s = BackgroundStretch.apply(v, 10, 10);
		assertEquals(s[56], s[55], 1e-6);
	}

	/** Mean absolute difference of horizontal neighbours inside a disc: what noise is left. */
	static double roughness(float[] s, int w, int cx, int cy, int radius) {
		double sum = 0;
		int n = 0;
		for (int y = cy - radius; y <= cy + radius; y++)
			for (int x = cx - radius; x < cx + radius; x++)
				if (Math.hypot(x - cx, y - cy) < radius) {
					sum += Math.abs(s[y * w + x + 1] - s[y * w + x]);
					n++;
				}
		return sum / n;
	}

	/** What a test frame holds above its background and noise, at a pixel. */
	interface Signal {
		double at(int x, int y);
	}

	/**
	 * A {@code w x h} test frame: {@code background}, plus Gaussian noise of sigma {@code noise}
	 * (one draw per pixel in raster order from {@code seed}), plus {@code signal}.
	 */
	static float[] frame(int w, int h, long seed, double background, double noise, Signal signal) {
		float[] v = new float[w * h];
		Random rnd = new Random(seed);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) v[y * w + x] = (float) (background + noise * rnd.nextGaussian() + signal.at(x, y));
		return v;
	}

	static float[] discs(double level, long seed) {
		return frame(120, 60, seed, 100, 10, (x, y) -> Math.hypot(x - 30, y - 30) < 15 || Math.hypot(x - 90, y - 30) < 15 ? level : 0);
	}

	/**
	 * Objects only a few noise levels above the background (GOWT1-like) are smoothed until the
	 * noise is well below their level; objects far above the noise (HeLa-like) are left sharp.
	 */
	@Test
	void noiseIsSmoothedOnlyWhereTheObjectsAreNearIt() {
		int w = 120;
		float[] low = BackgroundStretch.apply(discs(60, 5), w, 60);
		float[] high = BackgroundStretch.apply(discs(2000, 5), w, 60);
		assertTrue(BackgroundStretch.smoothingSigma(discs(60, 5), 100, 10) >= BackgroundStretch.MIN_SIGMA, "objects 6 noise levels up");
		assertEquals(0, BackgroundStretch.smoothingSigma(discs(2000, 5), 100, 10), "objects 200 noise levels up");
		// inside an object, neighbour differences relative to the object's step over the background
		double lowStep = low[30 * w + 30] - low[5 * w + 60], highStep = high[30 * w + 30] - high[5 * w + 60];
		double lowNoise = roughness(low, w, 30, 30, 10) / lowStep, highNoise = roughness(high, w, 30, 30, 10) / highStep;
		assertTrue(lowNoise < 0.1, "smoothed: noise " + lowNoise + " of the step");
		// the background noise against what it was before the mapping (both relative to the
		// object's step: 10 / 60 and 10 / 2000): blurred away in one, kept in the other
		double lowBackground = roughness(low, w, 60, 45, 8) / lowStep / (10.0 / 60);
		double highBackground = roughness(high, w, 60, 45, 8) / highStep / (10.0 / 2000);
		assertTrue(highBackground > 3 * lowBackground, "background roughness " + highBackground + " (sharp) vs " + lowBackground
			+ " (smoothed); object noise " + highNoise);
	}

	/**
	 * A nucleus 40 noise levels up with a faint rim 4 levels up: with the knee at the noise the
	 * rim would get asinh(4) / asinh(40) = 0.48 of the nucleus's brightness and the objects would
	 * come out too large; the knee a few times below the objects keeps the rim faint.
	 */
	@Test
	void aFaintRimStaysFaintBesideItsNucleus() {
		int w = 120, h = 60;
		float[] v = frame(w, h, 9, 1000, 10, (x, y) -> {
			double r = Math.min(Math.hypot(x - 30, y - 30), Math.hypot(x - 90, y - 30));
			return r < 12 ? 400 : r < 15 ? 40 : 0;
		});
		float[] s = BackgroundStretch.apply(v, w, h);
		double background = 0, rim = 0, nucleus = 0;
		int nb = 0, nr = 0, nn = 0;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				double r = Math.min(Math.hypot(x - 30, y - 30), Math.hypot(x - 90, y - 30));
				float f = s[y * w + x];
				if (r < 10) {
					nucleus += f;
					nn++;
				} else if (r >= 12.5 && r < 14.5) {
					rim += f;
					nr++;
				} else if (r > 20) {
					background += f;
					nb++;
				}
			}
		background /= nb;
		double ratio = (rim / nr - background) / (nucleus / nn - background);
		assertTrue(ratio < 0.3, "rim at " + ratio + " of the nucleus above the background");
		assertTrue(ratio > 0.02, "but still above the background: " + ratio);
	}

	/** Nine small dim nuclei and one large bright cell with more pixels than all of them: the typical object is a dim one. */
	@Test
	void theTypicalObjectLevelIsCountedPerObject() {
		int w = 200, h = 100;
		float[] v = frame(w, h, 5, 100, 1, (x, y) -> {
			for (int k = 0; k < 9; k++)
				if (Math.hypot(x - (12 + (k % 3) * 30), y - (20 + (k / 3) * 30)) < 6) return 10;
			return Math.hypot(x - 150, y - 50) < 40 ? 1000 : 0;
		});
		double typical = typicalObjectLevel(v, w, 100, 1);
		assertEquals(10, typical, 1.5, "a dim nucleus's level in noise units");
		assertTrue(Double.isNaN(typicalObjectLevel(new float[w * h], w, 0, 1)), "no object: NaN");
	}

	/**
	 * A hot pixel a thousand times brighter than two discs changes nothing but itself (clamped to
	 * 1): the guide's range ends at the brightest object. When it ended at the brightest pixel,
	 * the hot pixel also set the compression and the noise floor, and squeezed the discs' step in
	 * the guide from 0.96 to 0.12.
	 */
	@Test
	void aHotPixelChangesNothingButItself() {
		int w = 120, h = 60;
		float[] clean = discs(2000, 5);
		float[] hot = clean.clone();
		hot[10 * w + 100] = 2e6f;
		float[] a = BackgroundStretch.apply(clean, w, h), b = BackgroundStretch.apply(hot, w, h);
		double step = a[30 * w + 30] - a[5 * w + 60];
		assertTrue(step > 0.8, "the discs are the brightest objects: " + step);
		assertEquals(1, b[10 * w + 100], 1e-6, "the hot pixel");
		double most = 0;
		for (int i = 0; i < a.length; i++)
			if (i != 10 * w + 100) most = Math.max(most, Math.abs(a[i] - b[i]));
		assertTrue(most < 0.01 * step, "the rest of the guide moved by " + most);
	}

	/**
	 * Zeros around a frame whose background is 1000 (what stitching or drift correction leave):
	 * dim discs beside a cell twenty times brighter keep the step they have without the border,
	 * and the border comes out at 0. With the border setting the bottom of the range, the
	 * background rose up the guide and the discs' step shrank by a third (0.31 to 0.20).
	 */
	@Test
	void paddingBelowTheBackgroundDoesNotSqueezeTheGuide() {
		int w = 120, h = 60;
		float[] plain = frame(w, h, 9, 1000, 10, (x, y) -> (Math.min(Math.hypot(x - 25, y - 30), Math.hypot(x - 75, y - 30)) < 12 ? 200 : 0)
			+ (Math.hypot(x - 50, y - 8) < 4 ? 4000 : 0));
		float[] padded = plain.clone();
		for (int y = 0; y < h; y++)
			for (int x = 110; x < w; x++) padded[y * w + x] = 0;
		float[] a = BackgroundStretch.apply(plain, w, h), b = BackgroundStretch.apply(padded, w, h);
		double stepPlain = a[30 * w + 25] - a[50 * w + 50], stepPadded = b[30 * w + 25] - b[50 * w + 50];
		assertEquals(stepPlain, stepPadded, 0.05 * stepPlain, "the discs' step");
		assertEquals(0, b[30 * w + 115], 1e-6, "the padding");
		assertEquals(a[50 * w + 50], b[50 * w + 50], 0.02, "the background stays where it was");
	}

	/**
	 * Two nuclei through seven planes of a stack: bright and wide on the three middle planes, dim
	 * and small on the two at each end (the optics' blur in z). Counted plane by plane, the end
	 * sections are most of the objects and set the typical level; counted through the planes,
	 * each nucleus is one object at the level of most of its pixels.
	 */
	@Test
	void aStacksObjectsAreCountedThroughThePlanes() {
		int w = 64, h = 40, planes = 7;
		float[] v = new float[w * h * planes];
		Random rnd = new Random(5);
		for (int p = 0; p < planes; p++) {
			boolean middle = p >= 2 && p <= 4;
			double radius = middle ? 12 : 4, level = middle ? 20 : 6;
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					double r = Math.min(Math.hypot(x - 16, y - 20), Math.hypot(x - 48, y - 20));
					v[(p * h + y) * w + x] = (float) (100 + (r < radius ? level : 0) + 0.3 * rnd.nextGaussian());
				}
		}
		double throughPlanes = BackgroundStretch.objects(v, w, h, true, 100, 1).level;
		double planeByPlane = BackgroundStretch.objects(v, w, h, false, 100, 1).level;
		assertEquals(20, throughPlanes, 1, "one object per nucleus");
		assertEquals(6, planeByPlane, 1, "the end sections counted as objects");
	}

	/**
	 * How far below the objects the knee lies: objects of similar brightness get a nearly linear
	 * guide (knee ten times above their level), objects beside far brighter ones the full
	 * compression, and in between the least compression that lifts the typical object to half of
	 * the guide's range.
	 */
	@Test
	void theKneeFollowsTheImagesRange() {
		assertEquals(BackgroundStretch.LEAST_COMPRESSION, BackgroundStretch.kneeBelowObjects(1.8), 1e-9, "similar objects");
		assertEquals(BackgroundStretch.KNEE_BELOW_OBJECTS, BackgroundStretch.kneeBelowObjects(100), 1e-9, "beside far brighter ones");
		double previous = 0;
		for (double brightest = 1; brightest <= 20; brightest += 0.25) {
			double x = BackgroundStretch.kneeBelowObjects(brightest);
			assertTrue(x >= previous - 1e-9, "a brighter brightest value, no less compression: " + brightest);
			if (x > BackgroundStretch.LEAST_COMPRESSION && x < BackgroundStretch.KNEE_BELOW_OBJECTS)
				assertEquals(BackgroundStretch.TYPICAL_SHARE_OF_BRIGHTEST, asinh(x) / asinh(x * brightest), 1e-6,
					"just enough compression for half of the range: " + brightest);
			previous = x;
		}
	}

	/**
	 * Soft-edged discs of similar brightness, uniform or with a chromatin-like pattern of 40 %:
	 * the guide stays nearly linear, so the point of the edge at half the disc's value stays near
	 * half of its step in the guide (where the upsampler and the threshold put the boundary).
	 * Beside a cell twenty times brighter the same discs are compressed: their half point comes out
	 * well above half.
	 */
	@Test
	void discsOfSimilarBrightnessKeepTheirEdgeBesideABrightCellTheyAreLifted() {
		assertEquals(0.5, halfEdgeInGuide(0, false), 0.08, "uniform discs");
		assertEquals(0.5, halfEdgeInGuide(0.4, false), 0.08, "textured discs");
		assertTrue(halfEdgeInGuide(0, true) > 0.6, "beside a bright cell: " + halfEdgeInGuide(0, true));
	}

	/**
	 * Where the value half-way up a disc's edge lands in the guide, as a fraction of the disc's
	 * step (with {@code brightCell}, a small cell twenty times brighter shares the image).
	 */
	private static double halfEdgeInGuide(double texture, boolean brightCell) {
		int w = 160, h = 80;
		double level = 400;
		float[] v = frame(w, h, 11, 100, 5, (x, y) -> {
			double r = Math.min(Math.hypot(x - 40, y - 40), Math.hypot(x - 120, y - 40));
			// a linear ramp from r = 16 (full) to r = 20 (background): r = 18 is half-way
			double edge = Math.max(0, Math.min(1, (20 - r) / 4));
			double tex = 1 + texture * Math.signum(Math.sin(x * 1.3) * Math.sin(y * 1.1));
			return level * edge * (r < 16 ? tex : 1) + (brightCell && Math.hypot(x - 80, y - 70) < 5 ? 20 * level : 0);
		});
		float[] s = BackgroundStretch.apply(v, w, h);
		double background = s[5 * w + 80], step = 0, half = 0;
		int ns = 0, nh = 0;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				double r = Math.min(Math.hypot(x - 40, y - 40), Math.hypot(x - 120, y - 40));
				// the step from the pixels at the disc's plain level (the texture's lower and upper halves average out)
				if (r < 12) {
					step += s[y * w + x];
					ns++;
				} else if (Math.abs(r - 18) < 0.5) {
					half += s[y * w + x];
					nh++;
				}
			}
		return (half / nh - background) / (step / ns - background);
	}

	/** The typical object's level, NaN when there is none. */
	private static double typicalObjectLevel(float[] values, int width, float background, double noise) {
		BackgroundStretch.Objects objects = BackgroundStretch.objects(values, width, values.length / width, false, background, noise);
		return objects == null ? Double.NaN : objects.level;
	}

	private static double asinh(double x) {
		return Math.log(x + Math.sqrt(x * x + 1));
	}
}
