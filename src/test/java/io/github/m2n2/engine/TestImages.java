package io.github.m2n2.engine;

/** Small synthetic inputs with known answers. */
final class TestImages {

	private TestImages() { }

	/** A grey image with value 1 where {@code mask} is set, 0 elsewhere. */
	static GuideImage fromMask(boolean[] mask, int w, int h) {
		float[] v = new float[w * h];
		for (int i = 0; i < v.length; i++) v[i] = mask[i] ? 0.9f : 0.1f;
		return GuideImage.ofChannels(w, h, v, v.clone(), v.clone());
	}

	/**
	 * The ideal attention of a labelled token grid: every token attends uniformly to the tokens of
	 * its own region, and with a tiny weight {@code leak} to all others.
	 */
	static Attention idealAttention(int[] tokenRegions, int r, float leak) {
		int n = r * r;
		float[] a = new float[n * n];
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++) a[i * n + j] = tokenRegions[i] == tokenRegions[j] ? 1f : leak;
		return Attention.normalisingRows(r, a);
	}

	/** The region of each token: the label under the token's centre pixel. */
	static int[] tokenRegions(int[] pixelLabels, int w, int h, int r) {
		int[] t = new int[r * r];
		for (int ty = 0; ty < r; ty++)
			for (int tx = 0; tx < r; tx++) {
				int x = (int) ((tx + 0.5) * w / r), y = (int) ((ty + 0.5) * h / r);
				t[ty * r + tx] = pixelLabels[y * w + x];
			}
		return t;
	}

	static double iou(short[] labels, int[] truth, int label) {
		long inter = 0, union = 0;
		for (int i = 0; i < labels.length; i++) {
			boolean a = labels[i] == label, b = truth[i] == label;
			if (a && b) inter++;
			if (a || b) union++;
		}
		return union == 0 ? 1 : (double) inter / union;
	}
}
