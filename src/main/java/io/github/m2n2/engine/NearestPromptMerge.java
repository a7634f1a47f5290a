package io.github.m2n2.engine;

/**
 * docs/algorithm.md, section 8, truncated nearest neighbour: each pixel goes to the point whose scaled distance
 * ({@code D / tau}) is smallest, first clicked on ties, and takes its label when that distance
 * is at most 1; otherwise it is background. Click pixels always keep their own label.
 */
public final class NearestPromptMerge {

	static final float MIN_THRESHOLD = 1e-7f;

	private NearestPromptMerge() { }

	/**
	 * @param distances one map per click, in click order
	 * @param thresholds each click's {@code tau*}
	 */
	public static short[] merge(float[][] distances, float[] thresholds, java.util.List<Click> clicks, int width, int height) {
		int n = width * height;
		short[] labels = new short[n];
		int k = distances.length;
		float[] inv = new float[k];
		for (int c = 0; c < k; c++) inv[c] = 1f / Math.max(thresholds[c], MIN_THRESHOLD);
		Parallel.forRange(n, (chunk, from, to) -> {
			for (int p = from; p < to; p++) {
				float best = Float.POSITIVE_INFINITY;
				int bestClick = -1;
				for (int c = 0; c < k; c++) {
					float v = distances[c][p] * inv[c];
					if (v < best) {
						best = v;
						bestClick = c;
					}
				}
				labels[p] = bestClick >= 0 && best <= 1f ? (short) clicks.get(bestClick).label() : 0;
			}
		});
		for (Click c : clicks) labels[c.y() * width + c.x()] = (short) c.label();
		return labels;
	}
}
