package io.github.m2n2.engine;

/**
 * A backbone's self-attention over an {@code r x r} token grid: an {@code N x N} matrix
 * ({@code N = r*r}, row major, token index {@code y*r + x}) whose row {@code i} says where token
 * {@code i} attends. Every row sums to 1. At r = 128 this is 1 GiB of floats, so it is held in
 * one flat array and never copied without need.
 */
public final class Attention {

	/** How far a row sum may stray from 1 before the matrix is refused. */
	public static final double ROW_SUM_TOLERANCE = 1e-3;

	private final int resolution;
	/**
	 * The largest grid side: the r^4 values live in one Java array, which holds at most
	 * {@code Integer.MAX_VALUE - 8} elements, and 215^4 = 2,136,750,625 is the last fourth power
	 * below that (it takes 8 GiB as floats).
	 */
	public static final int MAX_RESOLUTION = 215;

	private final float[] values;

	private Attention(int resolution, float[] values) {
		this.resolution = resolution;
		this.values = values;
	}

	/**
	 * Wraps {@code values} (not copied) after checking it is a row-stochastic matrix over an
	 * {@code r x r} grid.
	 *
	 * @throws InvalidAttentionException naming the first problem found
	 */
	public static Attention of(int resolution, float[] values) {
		if (resolution < 1) throw new InvalidAttentionException("the attention grid side must be at least 1, got " + resolution);
		long n = (long) resolution * resolution;
		if ((long) values.length != n * n)
			throw new InvalidAttentionException("an attention over a " + resolution + " x " + resolution + " grid needs " + n * n
				+ " values, got " + values.length);
		Attention a = new Attention(resolution, values);
		a.check();
		return a;
	}

	/**
	 * Normalises every row of a non-negative matrix to sum 1 in place and wraps it; a row with
	 * no mass becomes attention to the token itself. Backbones use this for their raw scores.
	 */
	public static Attention normalisingRows(int resolution, float[] values) {
		int n = resolution * resolution;
		if ((long) values.length != (long) n * n) throw new IllegalArgumentException("wrong attention size");
		for (int i = 0; i < n; i++) {
			int off = i * n;
			double s = 0;
			for (int j = 0; j < n; j++) s += values[off + j];
			if (!(s > 0) || !Double.isFinite(s)) {
				java.util.Arrays.fill(values, off, off + n, 0f);
				values[off + i] = 1f;
			} else {
				float inv = (float) (1.0 / s);
				for (int j = 0; j < n; j++) values[off + j] *= inv;
			}
		}
		return of(resolution, values);
	}

	private void check() {
		int n = tokens();
		for (int i = 0; i < n; i++) {
			int off = i * n;
			double s = 0;
			for (int j = 0; j < n; j++) {
				float v = values[off + j];
				if (!Float.isFinite(v))
					throw new InvalidAttentionException("value at row " + i + ", column " + j + " is not finite (" + v + ")");
				if (v < 0) throw new InvalidAttentionException("value at row " + i + ", column " + j + " is negative (" + v + ")");
				s += v;
			}
			if (Math.abs(s - 1) > ROW_SUM_TOLERANCE)
				throw new InvalidAttentionException("row " + i + " sums to " + (float) s + ", not 1 (rows must be normalised)");
		}
	}

	/** Grid side r. */
	public int resolution() { return resolution; }

	/** N = r * r. */
	public int tokens() { return resolution * resolution; }

	/** The row-major N x N values; shared, not copied. */
	public float[] values() { return values; }

	public float get(int row, int column) { return values[row * tokens() + column]; }
}
