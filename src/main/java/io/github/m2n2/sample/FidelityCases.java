package io.github.m2n2.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.github.m2n2.engine.Click;
import io.github.m2n2.engine.GuideImage;

/**
 * Synthetic cases on which a fast computation is compared with the exact one: square mosaics
 * of 1 x 1, 2 x 2 or 4 x 4 synthetic nuclei fields, so the same image size holds a few large
 * nuclei or many small ones (at the smallest, a nucleus spans one or two attention tokens, where
 * approximations show first). Each case clicks several nuclei, one label each, plus a
 * background click away from every nucleus. Deterministic for its index.
 */
public final class FidelityCases {

	/** One case: the guide image, its clicks and a short description. */
	public static final class Case {
		public final String name;
		public final GuideImage guide;
		public final List<Click> clicks;

		public Case(String name, GuideImage guide, List<Click> clicks) {
			this.name = name;
			this.guide = guide;
			this.clicks = clicks;
		}
	}

	private static final int[] TILES = { 1, 2, 4 };
	private static final int[] NUCLEI_PER_TILE = { 10, 5, 3 };
	private static final int MAX_OBJECT_CLICKS = 6;

	private FidelityCases() { }

	/** Case {@code index} (0, 1, 2...) on a {@code size x size} image; the tiling cycles fastest. */
	public static Case generate(int index, int size) {
		int kind = index % TILES.length;
		int tiles = TILES[kind];
		int tile = size / tiles;
		long seed = 1000L + index;
		short[] pixels = new short[size * size], labels = new short[size * size];
		List<int[]> centres = new ArrayList<>();
		for (int ty = 0; ty < tiles; ty++)
			for (int tx = 0; tx < tiles; tx++) {
				SyntheticNuclei s = SyntheticNuclei.generate(tile, tile, NUCLEI_PER_TILE[kind], seed * 31 + ty * tiles + tx);
				for (int y = 0; y < tile; y++)
					for (int x = 0; x < tile; x++) {
						int p = (ty * tile + y) * size + tx * tile + x;
						pixels[p] = s.pixels[y * tile + x];
						labels[p] = s.labels[y * tile + x];
					}
				for (SyntheticNuclei.Nucleus n : s.nuclei) {
					int[] c = s.centre(n);
					centres.add(new int[] { tx * tile + c[0], ty * tile + c[1] });
				}
			}
		Random rnd = new Random(seed);
		java.util.Collections.shuffle(centres, rnd);
		List<Click> clicks = new ArrayList<>();
		for (int i = 0; i < Math.min(MAX_OBJECT_CLICKS, centres.size()); i++)
			clicks.add(new Click(centres.get(i)[0], centres.get(i)[1], i + 1));
		clicks.add(backgroundClick(labels, size, rnd));
		float[] grey = new float[pixels.length];
		for (int i = 0; i < grey.length; i++) grey[i] = pixels[i] & 0xffff;
		String name = String.format("case %d: %dx%d tiles of %d px, %d objects clicked", index + 1, tiles, tiles, tile, clicks.size() - 1);
		return new Case(name, GuideImage.fromGrey(size, size, grey), clicks);
	}

	/** A background pixel with no nucleus within a margin, or the best one found. */
	private static Click backgroundClick(short[] labels, int size, Random rnd) {
		int margin = Math.max(2, size / 64);
		int best = 0, bestX = 0, bestY = 0;
		for (int attempt = 0; attempt < 400; attempt++) {
			int x = margin + rnd.nextInt(size - 2 * margin), y = margin + rnd.nextInt(size - 2 * margin);
			int clear = clearRadius(labels, size, x, y, margin);
			if (clear > best) {
				best = clear;
				bestX = x;
				bestY = y;
			}
			if (clear >= margin) break;
		}
		return new Click(bestX, bestY, Click.BACKGROUND);
	}

	private static int clearRadius(short[] labels, int size, int x, int y, int max) {
		for (int d = 0; d <= max; d++)
			for (int yy = Math.max(0, y - d); yy <= Math.min(size - 1, y + d); yy++)
				for (int xx = Math.max(0, x - d); xx <= Math.min(size - 1, x + d); xx++)
					if (labels[yy * size + xx] != 0) return d;
		return max + 1;
	}
}
