package io.github.m2n2.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class FloodFillTest {

	@Test
	void minimaxPathCrossesAWallThroughItsLowestGap() {
		float[] map = {
			0, 0, 9, 0, 0,
			0, 0, 9, 0, 0,
			0, 0, 1, 0, 0,
			0, 0, 9, 0, 0,
			0, 0, 9, 0, 0 };
		float[] d = FloodFill.minimax(map, 5, 5, 0, 0);
		float g = 1f / 9;
		float[] expected = {
			0, 0, 1, g, g,
			0, 0, 1, g, g,
			0, 0, g, g, g,
			0, 0, 1, g, g,
			0, 0, 1, g, g };
		assertArrayEquals(expected, d, 1e-6f);
	}

	@Test
	void costIsMeasuredFromTheClickValueInBothDirections() {
		// click at value 5: going down to 3 costs 2, up to 6 costs 1; the far cell behind the 3 costs max(2, |4 - 5|)
		float[] map = { 3, 5, 6, 4 };
		float[] d = FloodFill.minimax(new float[] { 4, 3, 5, 6 }, 4, 1, 2, 0);
		assertArrayEquals(new float[] { 1f, 1f, 0f, 0.5f }, d, 1e-6f);
		assertArrayEquals(new float[] { 2f / 2, 0f, 1f / 2, 1f / 2 }, FloodFill.minimax(map, 4, 1, 1, 0), 1e-6f);
	}

	@Test
	void aFlatMapIsAllZero() {
		float[] d = FloodFill.minimax(new float[12], 4, 3, 1, 1);
		assertArrayEquals(new float[12], d);
	}

	@Test
	void sameMapAsDijkstraWithABinaryHeap() {
		java.util.Random rnd = new java.util.Random(21);
		for (int trial = 0; trial < 60; trial++) {
			int w = 1 + rnd.nextInt(90), h = 1 + rnd.nextInt(90);
			float[] map = new float[w * h];
			int kind = trial % 4;
			for (int i = 0; i < map.length; i++) {
				if (kind == 0) map[i] = rnd.nextFloat(); // all distinct
				else if (kind == 1) map[i] = rnd.nextInt(4) * 0.25f; // plateaus and many equal costs
				else if (kind == 2) map[i] = (float) (Math.sin((i % w) / 7.0) * Math.cos((i / w) / 5.0)); // smooth, like upsampled maps
				else map[i] = rnd.nextInt(10) == 0 ? (rnd.nextBoolean() ? Float.NaN : Float.POSITIVE_INFINITY) : rnd.nextInt(8); // walls
			}
			int x = rnd.nextInt(w), y = rnd.nextInt(h);
			assertArrayEquals(HeapReference.minimax(map, w, h, x, y), FloodFill.minimax(map, w, h, x, y), "trial " + trial + " (" + w + " x " + h + ")");
		}
	}

	@Test
	void rankQueueYieldsItsMembersInAscendingOrder() {
		java.util.Random rnd = new java.util.Random(3);
		int n = 70000;
		FloodFill.RankQueue queue = new FloodFill.RankQueue(n);
		java.util.TreeSet<Integer> reference = new java.util.TreeSet<>();
		for (int round = 0; round < 20000; round++) {
			if (rnd.nextInt(3) > 0) {
				// mostly above the last rank taken, as in Dijkstra, sometimes anywhere
				int last = reference.isEmpty() ? 0 : reference.first();
				int r = rnd.nextInt(4) > 0 ? Math.min(n - 1, last + rnd.nextInt(5000)) : rnd.nextInt(n);
				if (reference.add(r)) queue.add(r);
			} else {
				Integer expected = reference.pollFirst();
				org.junit.jupiter.api.Assertions.assertEquals(expected == null ? -1 : expected, queue.poll());
			}
		}
		while (!reference.isEmpty()) org.junit.jupiter.api.Assertions.assertEquals(reference.pollFirst(), queue.poll());
		org.junit.jupiter.api.Assertions.assertEquals(-1, queue.poll());
	}

	/** The flood fill as it was before the rank queue: Dijkstra on a binary heap of (cost, pixel), for comparison. */
	private static final class HeapReference {
		static float[] minimax(float[] map, int width, int height, int clickX, int clickY) {
			int n = width * height;
			int start = clickY * width + clickX;
			float origin = map[start];
			float[] dist = new float[n];
			java.util.Arrays.fill(dist, Float.POSITIVE_INFINITY);
			boolean[] settled = new boolean[n];
			java.util.PriorityQueue<long[]> heap = new java.util.PriorityQueue<>((a, b) -> Float.compare(Float.intBitsToFloat((int) a[0]),
				Float.intBitsToFloat((int) b[0])));
			int[] stack = new int[n];
			dist[start] = 0;
			heap.add(new long[] { Float.floatToIntBits(0f), start });
			while (!heap.isEmpty()) {
				long[] e = heap.poll();
				float level = Float.intBitsToFloat((int) e[0]);
				int u = (int) e[1];
				if (settled[u] || dist[u] < level) continue;
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
						float cost = Math.abs(map[q] - origin);
						if (cost <= level) {
							dist[q] = level;
							settled[q] = true;
							stack[top++] = q;
						} else if (cost < dist[q]) {
							dist[q] = cost;
							heap.add(new long[] { Float.floatToIntBits(cost), q });
						}
					}
				}
			}
			MarkovMap.normaliseByMax(dist);
			return dist;
		}
	}
}
