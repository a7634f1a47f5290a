package io.github.m2n2.engine;

/**
 * The pixels of a map in ascending order of value, ties in raster order: the order in which the
 * threshold chooser grows a region. A stable radix sort on the values' bits (three passes of
 * 11 bits, each skipped where all keys share that digit), after a histogram of the top bits has
 * dropped the pixels that cannot be among the first {@code count}. The order is the one of
 * sorting {@code (Float.floatToIntBits(v + 0f), index)} pairs as signed integers, for every
 * float (NaN after infinity, negative values first), so it is exactly the comparison sort's.
 */
final class SortedPixels {

	private SortedPixels() { }

	private static final int DIGIT = 11, BUCKETS = 1 << DIGIT, TOP = 16;

	/** The indices of the {@code count} smallest values of {@code d}, smallest first, ties in ascending index. */
	static int[] smallest(float[] d, int count) {
		int n = d.length;
		count = Math.max(0, Math.min(count, n));
		// unsigned order of the key = signed order of the bits; +0f makes -0 sort as 0
		int[] key = new int[n];
		for (int i = 0; i < n; i++) key[i] = Float.floatToIntBits(d[i] + 0f) ^ Integer.MIN_VALUE;
		int limit = topLimit(key, count);
		int m = 0;
		for (int i = 0; i < n; i++) if (key[i] >>> TOP <= limit) m++;
		// low 32 bits: key, high 32 bits: index; kept in raster order before the (stable) passes
		long[] a = new long[m], b = new long[m];
		m = 0;
		for (int i = 0; i < n; i++) if (key[i] >>> TOP <= limit) a[m++] = ((long) i << 32) | (key[i] & 0xffffffffL);
		for (int shift = 0; shift < 32; shift += DIGIT) {
			if (pass(a, b, m, shift)) {
				long[] t = a;
				a = b;
				b = t;
			}
		}
		int[] order = new int[count];
		for (int i = 0; i < count; i++) order[i] = (int) (a[i] >>> 32);
		return order;
	}

	/**
	 * The largest top-bits bucket that still holds one of the {@code count} smallest keys (every
	 * pixel in a later bucket is beyond the first {@code count}).
	 */
	private static int topLimit(int[] key, int count) {
		if (count >= key.length) return (1 << (32 - TOP)) - 1;
		int[] histogram = new int[1 << (32 - TOP)];
		for (int k : key) histogram[k >>> TOP]++;
		int below = 0;
		for (int bucket = 0; bucket < histogram.length; bucket++) {
			below += histogram[bucket];
			if (below >= count) return bucket;
		}
		return histogram.length - 1;
	}

	/** One stable counting pass on the digit at {@code shift}, from {@code a} into {@code b}; false when all share the digit (nothing moved). */
	private static boolean pass(long[] a, long[] b, int m, int shift) {
		int[] start = new int[BUCKETS + 1];
		for (int i = 0; i < m; i++) start[digit(a[i], shift) + 1]++;
		for (int bucket = 0; bucket < BUCKETS; bucket++) if (start[bucket + 1] == m) return false;
		for (int bucket = 0; bucket < BUCKETS; bucket++) start[bucket + 1] += start[bucket];
		for (int i = 0; i < m; i++) b[start[digit(a[i], shift)]++] = a[i];
		return true;
	}

	private static int digit(long entry, int shift) {
		return (int) ((entry & 0xffffffffL) >>> shift) & (BUCKETS - 1);
	}
}
