package io.github.m2n2.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.github.m2n2.engine.Attention;
import io.github.m2n2.engine.GuideImage;
import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.sample.SyntheticNuclei;

class EmbeddedBackboneTest {

	private static final int R = 16;

	/** Left third red, the rest blue, with a red square on the far right. */
	private static GuideImage twoColours(int size) {
		float[] red = new float[size * size], green = new float[size * size], blue = new float[size * size];
		for (int y = 0; y < size; y++)
			for (int x = 0; x < size; x++) {
				int p = y * size + x;
				boolean isRed = x < size / 3 || (x >= size * 3 / 4 && y >= size / 3 && y < size * 2 / 3);
				red[p] = isRed ? 0.8f : 0.1f;
				green[p] = 0.2f;
				blue[p] = isRed ? 0.1f : 0.7f;
			}
		return GuideImage.ofChannels(size, size, red, green, blue);
	}

	private static int token(int x, int y) {
		return y * R + x;
	}

	@Test
	void rowsSumToOneAndSimilarTokensAttendMoreAtEqualDistance() throws Exception {
		Attention a = new EmbeddedBackbone().attention(twoColours(128), R, ProgressListener.NONE);
		assertEquals(R, a.resolution());
		for (int i = 0; i < a.tokens(); i += 37) {
			double s = 0;
			for (int j = 0; j < a.tokens(); j++) s += a.get(i, j);
			assertEquals(1, s, 1e-3);
		}
		// from a red token at x = 2: a red neighbour 2 tokens left vs a blue one 2 tokens right... well inside each region
		int from = token(3, 8);
		assertTrue(a.get(from, token(1, 8)) > 5 * a.get(from, token(7, 8)), "same colour beats other colour at equal distance");
	}

	@Test
	void attentionIsGlobalBetweenDistantLookAlikes() throws Exception {
		Attention a = new EmbeddedBackbone().attention(twoColours(128), R, ProgressListener.NONE);
		int from = token(2, 8);
		// the far red square (x = 13) gets more than a blue token much nearer (x = 8)
		assertTrue(a.get(from, token(13, 8)) > a.get(from, token(8, 8)), "a distant red token outweighs a nearer blue one");
		assertTrue(a.get(from, token(13, 8)) > 0, "every token is attended, not only neighbours");
	}

	@Test
	void lowContrastGreyObjectsAreSeparatedAfterPerImageNormalisation() throws Exception {
		int size = 128;
		float[] v = new float[size * size];
		for (int y = 0; y < size; y++)
			for (int x = 0; x < size; x++) {
				// background 0.50, a faint object 0.53 in the middle, one bright pixel setting the range
				boolean object = Math.abs(x - 64) < 24 && Math.abs(y - 64) < 24;
				v[y * size + x] = object ? 0.53f : 0.50f;
			}
		v[0] = 1f;
		GuideImage g = GuideImage.ofChannels(size, size, v, v.clone(), v.clone());
		Attention a = new EmbeddedBackbone().attention(g, R, ProgressListener.NONE);
		int inside = token(7, 7);
		// an object token 3 to the right vs a background token 3 to the left... both at the same distance
		double toObject = a.get(inside, token(10, 7)), toBackground = a.get(inside, token(3, 7));
		assertTrue(toObject > 3 * toBackground, "faint object " + toObject + " vs background " + toBackground);
	}

	@Test
	void nucleiAttendToOtherNucleiMoreThanToTheBackgroundBetween() throws Exception {
		SyntheticNuclei s = SyntheticNuclei.generate(256, 256, 10, 5);
		float[] grey = new float[s.pixels.length];
		for (int i = 0; i < grey.length; i++) grey[i] = s.pixels[i] & 0xffff;
		GuideImage g = GuideImage.fromGrey(256, 256, grey);
		Attention a = new EmbeddedBackbone().attention(g, R, ProgressListener.NONE);
		SyntheticNuclei.Nucleus n0 = s.nuclei.get(0);
		int t0 = tokenOf(n0.cx, n0.cy, 256);
		double toNuclei = 0, toBackground = 0;
		int nucleusTokens = 0, backgroundTokens = 0;
		for (int ty = 0; ty < R; ty++)
			for (int tx = 0; tx < R; tx++) {
				int label = s.labels[(int) ((ty + 0.5) * 16) * 256 + (int) ((tx + 0.5) * 16)];
				if (label == n0.label) continue;
				if (label > 0) {
					toNuclei += a.get(t0, token(tx, ty));
					nucleusTokens++;
				} else {
					toBackground += a.get(t0, token(tx, ty));
					backgroundTokens++;
				}
			}
		assertTrue(nucleusTokens > 0 && backgroundTokens > 0);
		double perNucleus = toNuclei / nucleusTokens, perBackground = toBackground / backgroundTokens;
		assertTrue(perNucleus > 2 * perBackground, "other nuclei " + perNucleus + " vs background " + perBackground);
	}

	private static int tokenOf(double x, double y, int size) {
		return token((int) (x / size * R), (int) (y / size * R));
	}

	@Test
	void refusesBadSettings() {
		EmbeddedBackbone.Config c = new EmbeddedBackbone.Config();
		c.positionSigma = 0;
		assertThrows(IllegalArgumentException.class, () -> new EmbeddedBackbone(c));
		assertThrows(BackboneException.class, () -> new EmbeddedBackbone().attention(twoColours(32), 1, ProgressListener.NONE));
	}

	/**
	 * The options of the command line and of Fiji's Advanced dialog reach the backbone: a
	 * shorter position reach lowers the attention between the distant look-alikes, a zero colour
	 * weight removes the preference for the same colour, and bad values are named.
	 */
	@Test
	void theOptionsSetTheHyperParameters() throws Exception {
		BackboneProvider p = Backbones.provider(EmbeddedBackbone.NAME);
		GuideImage image = twoColours(128);
		Attention defaults = p.create(new BackboneConfig(EmbeddedBackbone.NAME, java.util.Map.of()), ProgressListener.NONE)
			.attention(image, R, ProgressListener.NONE);
		Attention near = p.create(new BackboneConfig(EmbeddedBackbone.NAME, java.util.Map.of(EmbeddedBackbone.POSITION_SIGMA, "0.05")),
			ProgressListener.NONE).attention(image, R, ProgressListener.NONE);
		int from = token(2, 8);
		assertTrue(near.get(from, token(13, 8)) < 0.1 * defaults.get(from, token(13, 8)), "a short reach damps the far red square");
		Attention colourBlind = p.create(new BackboneConfig(EmbeddedBackbone.NAME, java.util.Map.of(EmbeddedBackbone.COLOUR_WEIGHT, "0",
			EmbeddedBackbone.CONTEXT_WEIGHT, "0", EmbeddedBackbone.TEXTURE_WEIGHT, "0")), ProgressListener.NONE).attention(image, R, ProgressListener.NONE);
		int red = token(3, 8);
		assertEquals(colourBlind.get(red, token(1, 8)), colourBlind.get(red, token(5, 8)), 1e-6, "without colour, equal distance is equal attention");
		for (String[] bad : new String[][] { { EmbeddedBackbone.POSITION_SIGMA, "0" }, { EmbeddedBackbone.COLOUR_WEIGHT, "-1" },
			{ EmbeddedBackbone.TEXTURE_WEIGHT, "lots" }, { EmbeddedBackbone.CONTEXT_WEIGHT, "NaN" } }) {
			BackboneException e = assertThrows(BackboneException.class,
				() -> p.create(new BackboneConfig(EmbeddedBackbone.NAME, java.util.Map.of(bad[0], bad[1])), ProgressListener.NONE), bad[0]);
			assertTrue(e.getMessage().contains("--" + bad[0]) && e.getMessage().contains("'" + bad[1] + "'"), e.getMessage());
		}
	}
}
