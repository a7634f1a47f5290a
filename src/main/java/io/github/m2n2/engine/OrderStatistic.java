package io.github.m2n2.engine;

/**
 * The k-th smallest of some floats without sorting them all: quickselect (Hoare partitions
 * around a median of three), which needs linear time where a sort of a megapixel frame's values
 * took a tenth of a second, and a stack's fitted values several. The value is the one a sort
 * would put at index k, whatever the algorithm.
 */
final class OrderStatistic {

	private OrderStatistic() { }

	/**
	 * The value a sort of {@code a[from..to)} would put at index {@code k}; reorders that range.
	 * The values must not be NaN.
	 */
	static float kth(float[] a, int from, int to, int k) {
		if (k < from || k >= to) throw new IllegalArgumentException("index " + k + " outside [" + from + ", " + to + ")");
		int lo = from, hi = to - 1;
		while (hi - lo > 16) {
			int mid = (lo + hi) >>> 1;
			// median of three as the pivot, which also guards both scans
			if (a[mid] < a[lo]) swap(a, mid, lo);
			if (a[hi] < a[lo]) swap(a, hi, lo);
			if (a[hi] < a[mid]) swap(a, hi, mid);
			float pivot = a[mid];
			int i = lo, j = hi;
			while (i <= j) {
				while (a[i] < pivot) i++;
				while (a[j] > pivot) j--;
				if (i <= j) swap(a, i++, j--);
			}
			// [lo, j] <= pivot <= [i, hi], and everything strictly between equals the pivot
			if (k <= j) hi = j;
			else if (k >= i) lo = i;
			else return pivot;
		}
		java.util.Arrays.sort(a, lo, hi + 1);
		return a[k];
	}

	private static void swap(float[] a, int i, int j) {
		float t = a[i];
		a[i] = a[j];
		a[j] = t;
	}
}
