package io.github.m2n2.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The {@code local} correction on hand-made distance maps: an object click A at the centre of a
 * 40 x 40 image whose map has a strong step at radius 10 (the object) and a weak one at radius
 * 3 (a core), and a later background click B at radius 8 from A, inside A's object.
 */
class LocalCorrectionTest {

	static final int W = 40, AX = 20, AY = 20, BX = 28, BY = 20;
	static final Settings PUBLISHED = new Settings();
	static final Settings LOCAL = new Settings().correction(Settings.Correction.LOCAL);

	/** A's map: a slow rise to 0.01 in the core, a small step, a slow rise to 0.1, a large step at radius 10. */
	static float[] objectMap() {
		float[] d = new float[W * W];
		for (int y = 0; y < W; y++)
			for (int x = 0; x < W; x++) {
				double r = Math.hypot(x - AX, y - AY);
				d[y * W + x] = (float) (r < 3 ? 0.01 * r / 3 : r <= 10 ? 0.05 + 0.05 * (r - 3) / 7 : 0.6 + 0.01 * r);
			}
		return d;
	}

	/** B's map: flat to radius {@code reach} around B, a large step after it. */
	static float[] backgroundMap(double reach) {
		float[] d = new float[W * W];
		for (int y = 0; y < W; y++)
			for (int x = 0; x < W; x++) {
				double r = Math.hypot(x - BX, y - BY);
				d[y * W + x] = (float) (r <= reach ? 0.001 * r : 0.5 + 0.01 * r);
			}
		return d;
	}

	static short[] segment(float[] a, float[] b, Settings s) {
		List<Click> clicks = List.of(new Click(AX, AY, 1), new Click(BX, BY, Click.BACKGROUND));
		ThresholdChooser.Profile[] profiles = { ThresholdChooser.profile(a, W, W, s), ThresholdChooser.profile(b, W, W, s) };
		float[][] d = { a, b };
		float[] t = new float[2];
		if (s.correction() == Settings.Correction.LOCAL) t = LocalCorrection.thresholds(d, profiles, clicks, W, s);
		else {
			t[0] = ThresholdChooser.choose(profiles[0], new float[] { a[AY * W + AX] }, new float[] { a[BY * W + BX] }, s);
			t[1] = ThresholdChooser.choose(profiles[1], new float[] { b[BY * W + BX] }, new float[] { b[AY * W + AX] }, s);
		}
		return NearestPromptMerge.merge(d, t, clicks, W, W);
	}

	@Test
	void aBackgroundClickWithATinyRegionDoesNotShrinkTheObjectToItsCore() {
		float[] a = objectMap(), b = backgroundMap(1);
		short[] published = segment(a, b, PUBLISHED), local = segment(a, b, LOCAL);
		int at6 = AY * W + AX - 6;
		assertEquals(0, published[at6], "published: the neg term cuts the object down to its core (radius 3)");
		assertEquals(1, local[at6], "local: the object keeps radius 10 on the side away from B");
		assertEquals(0, local[BY * W + BX], "B's own pixel is background");
	}

	@Test
	void aBackgroundClickWhoseRegionCoversTheCutCutsAsPublished() {
		// B's own region reaches 7 px: it claims well over a tenth of the ring A would lose
		float[] a = objectMap(), b = backgroundMap(7);
		assertArrayEquals(segment(a, b, PUBLISHED), segment(a, b, LOCAL));
	}

	/**
	 * A later object click C on A's rim whose map is a flat valley larger than A's object (a rim
	 * token looks like the background): with no background click to bound it, its region may be
	 * at most as large as A's, instead of spreading over the background.
	 */
	@Test
	void aLaterObjectClickWithNothingToBoundItStaysWithinItsLabelsArea() {
		float[] a = objectMap(), c = new float[W * W];
		int cx = 29, cy = 20;
		for (int y = 0; y < W; y++)
			for (int x = 0; x < W; x++) {
				double r = Math.hypot(x - cx, y - cy);
				c[y * W + x] = (float) (r <= 14 ? 0.001 * r : 0.5 + 0.01 * r);
			}
		List<Click> clicks = List.of(new Click(AX, AY, 1), new Click(cx, cy, 1));
		ThresholdChooser.Profile[] p = { ThresholdChooser.profile(a, W, W, LOCAL), ThresholdChooser.profile(c, W, W, LOCAL) };
		float[] t = LocalCorrection.thresholds(new float[][] { a, c }, p, clicks, W, LOCAL);
		long areaA = count(a, t[0]), areaC = count(c, t[1]);
		long unbounded = count(c, ThresholdChooser.choose(p[1], new float[] { 0f }, new float[0], LOCAL));
		assertTrue(areaA > 250, "A keeps its object, " + areaA + " px");
		assertTrue(areaC <= areaA, "C's region " + areaC + " px within A's " + areaA);
		assertTrue(unbounded > areaA, "unbounded, C would take " + unbounded + " px");
		assertEquals(Integer.MAX_VALUE, LocalCorrection.sameLabelArea(new float[][] { a, c }, t, List.of(new Click(AX, AY, 0), new Click(cx, cy, 0)), 1),
			"background clicks are not bounded");
	}

	private static long count(float[] d, float tau) {
		long n = 0;
		for (float v : d) if (v <= tau) n++;
		return n;
	}

	@Test
	void theFirstClickAloneIsAsPublished() {
		float[] a = objectMap();
		List<Click> one = List.of(new Click(AX, AY, 1));
		ThresholdChooser.Profile[] p = { ThresholdChooser.profile(a, W, W, LOCAL) };
		float[] t = LocalCorrection.thresholds(new float[][] { a }, p, one, W, LOCAL);
		assertEquals(ThresholdChooser.choose(p[0], new float[] { 0f }, new float[0], PUBLISHED), t[0]);
		assertTrue(t[0] > 0.09f, "the object step at radius 10, got " + t[0]);
	}

	@Test
	void theSettingReadsAndPrints() {
		Setting s = Settings.CORRECTION;
		assertEquals(Settings.Correction.LOCAL.ordinal(), (int) s.parse("local"));
		assertEquals("published", s.format(s.defaultValue()));
		assertEquals(Settings.Correction.PUBLISHED, new Settings().correction());
	}
}
