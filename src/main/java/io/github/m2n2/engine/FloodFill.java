package io.github.m2n2.engine;

/**
 * docs/algorithm.md, section 6: the minimax path distance from the click. {@code D(q)} is the smallest, over
 * 4-connected paths from the click to {@code q}, of the largest {@code |M(v) - M(click)|} on
 * the path. Dijkstra, where a neighbour whose own cost does not exceed the level being expanded
 * gets that level at once and skips the queue, which keeps flat regions cheap.
 *
 * <p>A pixel's cost does not depend on the path, so the pixels are put in order of cost once
 * (ties in raster order) and the queue holds ranks in that order: a two-level bit set whose
 * smallest member is found with a few word scans, where a binary heap of (cost, pixel) pairs
 * paid a logarithmic sift with unpredictable branches on every push and pop. The map is the
 * same: the minimax distance does not depend on which of equal costs is expanded first.
 */
public final class FloodFill {

	private FloodFill() { }

	/** The distance map, divided by its maximum (all zero when the map is flat). */
	public static float[] minimax(float[] map, int width, int height, int clickX, int clickY) {
		int n = width * height;
		int start = clickY * width + clickX;
		float origin = map[start];
		float[] cost = new float[n];
		for (int p = 0; p < n; p++) cost[p] = Math.abs(map[p] - origin);
		int[] order = SortedPixels.smallest(cost, n);
		int[] rank = new int[n];
		for (int r = 0; r < n; r++) rank[order[r]] = r;
		float[] dist = new float[n];
		java.util.Arrays.fill(dist, Float.POSITIVE_INFINITY);
		boolean[] settled = new boolean[n];
		RankQueue queue = new RankQueue(n);
		int[] stack = new int[n];
		dist[start] = 0;
		// the click is expanded first, at level 0 (its own cost, unless the map is not finite there)
		int u = start;
		float level = 0;
		while (u >= 0) {
			if (!settled[u]) {
				int top = 0;
				settled[u] = true;
				stack[top++] = u;
				while (top > 0) {
					int p = stack[--top];
					int px = p % width;
					for (int k = 0; k < 4; k++) {
						int q;
						if (k == 0) { if (px == 0) continue; q = p - 1; }
						else if (k == 1) { if (px == width - 1) continue; q = p + 1; }
						else if (k == 2) { if (p < width) continue; q = p - width; }
						else { q = p + width; if (q >= n) continue; }
						if (settled[q]) continue;
						float c = cost[q];
						if (c <= level) {
							dist[q] = level;
							settled[q] = true;
							stack[top++] = q;
						} else if (c < dist[q]) {
							// each pixel enters the queue at most once: its cost never changes
							dist[q] = c;
							queue.add(rank[q]);
						}
					}
				}
			}
			int r = queue.poll();
			if (r < 0) break;
			u = order[r];
			level = cost[u];
		}
		MarkovMap.normaliseByMax(dist);
		return dist;
	}

	/**
	 * A set of ranks in {@code [0, n)} that yields its smallest member: one bit per rank, and
	 * one summary bit per 64-rank word that is not empty. Dijkstra's levels only grow, so the
	 * search starts at the word of the last rank taken.
	 */
	static final class RankQueue {
		private final long[] words;
		private final long[] summary;
		private int cursor;

		RankQueue(int n) {
			words = new long[(n + 63) >>> 6];
			summary = new long[(words.length + 63) >>> 6];
		}

		void add(int rank) {
			int w = rank >>> 6;
			words[w] |= 1L << rank;
			summary[w >>> 6] |= 1L << w;
			// a rank below the cursor (not the case in Dijkstra's order) is still found
			if (w < cursor) cursor = w;
		}

		/** Removes and returns the smallest rank, or -1 when empty. */
		int poll() {
			int s = cursor >>> 6;
			if (s >= summary.length) return -1;
			long bits = summary[s] & (-1L << cursor);
			while (bits == 0) {
				if (++s >= summary.length) {
					cursor = words.length;
					return -1;
				}
				bits = summary[s];
			}
			int w = (s << 6) + Long.numberOfTrailingZeros(bits);
			cursor = w;
			long word = words[w];
			int bit = Long.numberOfTrailingZeros(word);
			word &= word - 1;
			words[w] = word;
			if (word == 0) summary[w >>> 6] &= ~(1L << w);
			return (w << 6) + bit;
		}
	}
}
