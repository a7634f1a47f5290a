package io.github.m2n2.engine;

/**
 * The sharpened matrix {@code A1} in 16 bits per entry, half the bytes of floats: every Sinkhorn
 * pass and every Markov step reads the whole matrix, so at r = 128 (1 GiB of floats) their time
 * is the memory bus's, and half the bytes is about half the time.
 *
 * <p>An entry is a positive float without its sign, with 5 exponent bits counted from its row's
 * maximum and 11 fraction bits, rounded to nearest: a relative error of at most 2^-12 (2.4e-4),
 * sixteen times finer than bfloat16 (whose 7 fraction bits moved labels of small objects), over
 * 30 binades below the row maximum. Entries further down (under 1e-9 of the row maximum, where a
 * whole row of them adds less than 2e-5 to the row sum) become 0, as do zeros.
 *
 * <p>Decoding is two integer operations per value and needs no lane shuffles: word {@code k} of
 * a row holds entry {@code k + 16 floor(k / 16)} in its low half and the entry 16 further in
 * its high half, so a vector of 16 (or 8, or 4) words gives two vectors of consecutive entries.
 * The 16 bits shifted to bits 27..12 of a float are that entry times {@code 2^(30 - E)}, where
 * {@code E} is the biased exponent of the row maximum: a normal float (exponent 1 to 31) that
 * the row's {@link #scale(int)} turns back into the entry.
 *
 * <p>Rows need a length divisible by {@link #BLOCK}, which a resolution divisible by 8 gives.
 */
public final class PackedMatrix {

	/** Entries per group of 16 words; a row's length must be a multiple of it. */
	public static final int BLOCK = 32;
	/** Fraction bits kept of the float's 23. */
	public static final int FRACTION_BITS = 11;
	/** Low bits of the float dropped, after rounding. */
	public static final int DROPPED_BITS = 23 - FRACTION_BITS;
	/** The exponent the row maximum gets (of 1 to 31), leaving one for a maximum that rounds up. */
	private static final int MAX_EXPONENT = 30;

	private final int n;
	private final int[] words;
	private final double[] scale;

	private PackedMatrix(int n) {
		this.n = n;
		this.words = new int[(int) ((long) n * n / 2)];
		this.scale = new double[n];
	}

	/** Whether rows of this length can be packed. */
	public static boolean fits(int n) {
		return n > 0 && n % BLOCK == 0 && (long) n * n / 2 <= Integer.MAX_VALUE - 8;
	}

	/** Packs the row-major {@code n x n} matrix {@code a} (entries >= 0), rows in parallel. */
	public static PackedMatrix pack(float[] a, int n) {
		PackedMatrix m = empty(n);
		Parallel.forRange(n, (c, from, to) -> {
			for (int i = from; i < to; i++) m.packRow(i, a, i * n);
		});
		return m;
	}

	/** A matrix of zeros, to be filled row by row with {@link #packRow}. */
	static PackedMatrix empty(int n) {
		if (!fits(n)) throw new IllegalArgumentException("a packed matrix needs rows of a multiple of " + BLOCK + " entries, not " + n);
		return new PackedMatrix(n);
	}

	/** Row i becomes the n entries (>= 0) of {@code a} from {@code off}; rows may be packed from several threads. */
	void packRow(int i, float[] a, int off) {
		float max = 0;
		for (int j = 0; j < n; j++) max = Math.max(max, a[off + j]);
		int rebase = startRow(i, max);
		int wOff = i * (n / 2);
		for (int k = 0; k < n / 2; k++) {
			int j = off + k + (k & ~15);
			words[wOff + k] = encode(a[j], rebase) | encode(a[j + 16], rebase) << 16;
		}
	}

	/**
	 * Sets row i's scale from its largest entry and returns the {@code rebase} that
	 * {@link #encode} takes for its entries (for loops that pack rows themselves, which must give
	 * {@link #packRow}'s words bit for bit).
	 */
	public int startRow(int i, float max) {
		int rowExponent = Float.floatToRawIntBits(max) >>> 23;
		// entry = decoded * 2^(rowExponent - 30); a zero row decodes to zeros whatever the scale
		scale[i] = Math.scalb(1.0, rowExponent - MAX_EXPONENT);
		return (rowExponent - MAX_EXPONENT) << FRACTION_BITS;
	}

	/**
	 * The 16 bits of one entry: its float bits rounded to nearest at {@link #DROPPED_BITS}, the
	 * exponent rebased, 0 below the range; zeros, and anything not a positive finite float, give 0.
	 */
	public static int encode(float x, int rebase) {
		int bits = Float.floatToRawIntBits(x);
		if (bits <= 0 || bits >= 0x7F800000) return 0;
		int h = ((bits + (1 << (DROPPED_BITS - 1))) >>> DROPPED_BITS) - rebase;
		return h < (1 << FRACTION_BITS) ? 0 : h;
	}

	/** The decoded low half of a word: the entry times {@code 2^(30 - E)} (see the class comment). */
	static float low(int word) {
		return Float.intBitsToFloat(word << 16 >>> 4);
	}

	/** The decoded high half of a word. */
	static float high(int word) {
		return Float.intBitsToFloat(word >>> 4 & 0x0FFFF000);
	}

	/** Row i's entry j, as the float it stands for. */
	public float get(int i, int j) {
		return (float) (decoded(i, j) * scale[i]);
	}

	/** Row i's entry j as decoded, before the row's scale. */
	float decoded(int i, int j) {
		int w = words[i * (n / 2) + (j & ~31) / 2 + (j & 15)];
		return (j & 16) == 0 ? low(w) : high(w);
	}

	/** Row length N. */
	public int n() { return n; }

	/** Row after row, {@code n / 2} words each (layout in the class comment); shared, do not modify. */
	public int[] words() { return words; }

	/** What row i's decoded values are multiplied by to give its entries. */
	public double scale(int i) { return scale[i]; }
}
