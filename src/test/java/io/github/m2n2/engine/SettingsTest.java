package io.github.m2n2.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The one description per setting, and what the engine derives from it. */
class SettingsTest {

	private static final int W = 96, H = 64, R = 12;

	/** A valid value other than the default. */
	static double another(Setting d) {
		switch (d.kind()) {
			case ON_OFF: return 1 - d.defaultValue();
			case CHOICE: return (d.defaultValue() + 1) % d.choices().size();
			case INTEGER: return d.defaultValue() + 1;
			default: return d.defaultValue() * 0.9;
		}
	}

	@Test
	void namesAreUniqueAndDefaultsValid() {
		Set<String> keys = new HashSet<>(), options = new HashSet<>(), labels = new HashSet<>();
		for (Setting d : Settings.ALL) {
			assertTrue(keys.add(d.key()), "duplicate key " + d.key());
			assertTrue(options.add(d.option()), "duplicate option " + d.option());
			assertTrue(labels.add(d.label()), "duplicate label " + d.label());
			assertTrue(d.key().matches("[a-z][a-z0-9_]*"), "a key is a macro word: " + d.key());
			assertTrue(d.accepts(d.defaultValue()) && d.accepts(another(d)), d.key());
			assertEquals(d.defaultValue(), new Settings().get(d));
			assertEquals(d.defaultValue(), d.parse(d.format(d.defaultValue())), "format and parse agree for " + d.key());
		}
		new Settings().validate();
	}

	@Test
	void validationNamesTheSettingAndItsRange() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Settings().markovThreshold(1.5).validate());
		assertTrue(e.getMessage().startsWith("Markov threshold must be a number in (0, 1), got 1.5"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> new Settings().set(Settings.SINKHORN_ITERATIONS, 2.5).validate());
		assertThrows(IllegalArgumentException.class, () -> Settings.UPSAMPLING.parse("quick"));
		assertEquals(1, Settings.FLOOD_FILL.parse("on"));
	}

	@Test
	void cacheKeysHoldExactlyTheSettingsOfTheirStage() {
		for (Setting d : Settings.ALL) {
			Settings changed = new Settings().set(d, another(d));
			for (Setting.Effect stage : Setting.Effect.values()) {
				boolean differs = !changed.key(stage).equals(new Settings().key(stage));
				assertEquals(d.effect().compareTo(stage) <= 0, differs, d.key() + " in the key of " + stage);
			}
		}
		assertEquals("defaults", new Settings().differencesFromDefaults());
		assertEquals("markov-threshold=0.25", new Settings().markovThreshold(0.25).differencesFromDefaults());
	}

	/**
	 * For every setting: a session updated to a new value answers as a fresh session with that
	 * value, and recomputes Markov-maps exactly when the setting's effect reaches them.
	 */
	@Test
	void updatingAnySettingRecomputesWhatItInvalidatesAndNoMore() {
		int[] truth = new int[W * H];
		float[] grey = new float[W * H];
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++) {
				int i = y * W + x;
				truth[i] = Math.hypot(x - 30, y - 32) < 18 ? 1 : Math.hypot(x - 72, y - 30) < 14 ? 2 : 0;
				grey[i] = truth[i] == 0 ? 0.1f + 0.002f * x : truth[i] == 1 ? 0.8f : 0.55f;
			}
		GuideImage guide = GuideImage.ofChannels(W, H, grey, grey.clone(), grey.clone());
		Attention attention = TestImages.idealAttention(TestImages.tokenRegions(truth, W, H, R), R, 0.02f);
		List<Click> clicks = List.of(new Click(30, 32, 1), new Click(72, 30, 2), new Click(5, 60, 0));
		for (Setting d : Settings.ALL) {
			SegmentationSession session = new SegmentationSession(guide, attention, new Settings(), ProgressListener.NONE);
			session.segment(clicks, ProgressListener.NONE);
			long before = session.markovMapsComputed();
			Settings changed = new Settings().set(d, another(d));
			session.updateSettings(changed, ProgressListener.NONE);
			Segmentation updated = session.segment(clicks, ProgressListener.NONE);
			boolean mapsRecomputed = session.markovMapsComputed() > before;
			assertEquals(d.effect().compareTo(Setting.Effect.POINT_PROFILES) <= 0, mapsRecomputed, d.key() + " recomputes maps");
			Segmentation fresh = new SegmentationSession(guide, attention, changed, ProgressListener.NONE).segment(clicks, ProgressListener.NONE);
			assertArrayEquals(fresh.labels(), updated.labels(), d.key() + ": the updated session answers as a fresh one");
		}
	}

	@Test
	void copiesAreIndependent() {
		Settings a = new Settings();
		Settings b = a.copy().temperature(0.5);
		assertNotEquals(a, b);
		assertEquals(0.65, a.temperature());
		assertFalse(a.equals(b));
		assertEquals(a, b.temperature(0.65));
	}
}
