package io.github.m2n2.engine;

/**
 * docs/algorithm.md, section 6: the minimax path distance from the click. {@code D(q)} is the smallest, over
 * 4-connected paths from the click to {@code q}, of the largest {@code |M(v) - M(click)|} on
 * the path. Dijkstra with a binary heap; a neighbour whose own cost does not exceed the level
 * being expanded gets that level at once and skips the heap, which keeps flat regions cheap.
 */
public final class FloodFill {

	private FloodFill() { }

	/** The distance map, divided by its maximum (all zero when the map is flat). */
	public static float[] minimax(float[] map, int width, int height, int clickX, int clickY) {
		int n = width * height;
		int start = clickY * width + clickX;
		float origin = map[start];
		float[] dist = new float[n];
		java.util.Arrays.fill(dist, Float.POSITIVE_INFINITY);
		boolean[] settled = new boolean[n];
		MinHeap heap = new MinHeap(Math.max(16, n / 8));
		int[] stack = new int[n];
		dist[start] = 0;
		heap.push(0f, start);
		while (!heap.isEmpty()) {
			float level = heap.peekKey();
			int u = heap.pop();
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
						heap.push(cost, q);
					}
				}
			}
		}
		MarkovMap.normaliseByMax(dist);
		return dist;
	}

	/** A growable binary min-heap of (float key, int value) pairs with lazy deletion. */
	static final class MinHeap {
		private float[] keys;
		private int[] values;
		private int size;

		MinHeap(int capacity) {
			keys = new float[capacity];
			values = new int[capacity];
		}

		boolean isEmpty() { return size == 0; }

		float peekKey() { return keys[0]; }

		void push(float key, int value) {
			if (size == keys.length) {
				keys = java.util.Arrays.copyOf(keys, size * 2);
				values = java.util.Arrays.copyOf(values, size * 2);
			}
			int i = size++;
			while (i > 0) {
				int parent = (i - 1) >>> 1;
				if (keys[parent] <= key) break;
				keys[i] = keys[parent];
				values[i] = values[parent];
				i = parent;
			}
			keys[i] = key;
			values[i] = value;
		}

		int pop() {
			int result = values[0];
			size--;
			if (size > 0) {
				float key = keys[size];
				int value = values[size];
				int i = 0;
				while (true) {
					int child = 2 * i + 1;
					if (child >= size) break;
					if (child + 1 < size && keys[child + 1] < keys[child]) child++;
					if (keys[child] >= key) break;
					keys[i] = keys[child];
					values[i] = values[child];
					i = child;
				}
				keys[i] = key;
				values[i] = value;
			}
			return result;
		}
	}
}
