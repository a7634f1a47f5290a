package io.github.m2n2.backbone;

/**
 * How far the lightness on the straight path between two tokens leaves the range the two
 * tokens themselves span: the dim seam between two touching nuclei, the bright membrane between
 * two cells, the background between two similar objects. A monotone ramp or a plain step from
 * one token to the other leaves the range nowhere, so only something crossed in between
 * counts; that makes the cue indifferent to contrast polarity (bright nuclei on dark, dark
 * nuclei on bright) and cheap: the path is read at half-token steps from per-cell minima and
 * maxima of the smoothed working image.
 *
 * <p>This is the "intervening contour" idea of normalised-cut segmentation, measured on the
 * intensity itself rather than on an edge detector's output, so it needs no edge threshold.
 */
final class PathExcursion {

	private final int r;
	private final int sub;
	private final int grid;
	private final int reach;
	/** Per path cell: the smoothed lightness's minimum and maximum. */
	private final float[] cellLo, cellHi;
	/** Per token: the same over the token's own cells. */
	private final float[] tokenLo, tokenHi;
	/** Per displacement within the reach: path cells relative to the first token's first cell. */
	private final int[][] paths;
	private final float inverseSpread;

	/**
	 * @param l         lightness of the working image, {@code s x s} with {@code s = cell * r}
	 * @param reach     largest token displacement (either axis) the cue is measured for
	 * @param spread    the lightness difference that counts as 1 (this image's typical contrast)
	 * @param smoothing Gaussian sigma in working pixels applied first, against pixel noise
	 */
	PathExcursion(float[] l, int r, int cell, int reach, double spread, double smoothing) {
		this.r = r;
		this.sub = cell % 4 == 0 ? 4 : cell % 2 == 0 ? 2 : 1;
		this.grid = sub * r;
		this.reach = Math.max(1, Math.min(r - 1, reach));
		int s = cell * r, block = cell / sub;
		float[] smooth = smoothing > 0 ? gaussian(l, s, smoothing) : l;
		cellLo = new float[grid * grid];
		cellHi = new float[grid * grid];
		for (int cy = 0; cy < grid; cy++)
			for (int cx = 0; cx < grid; cx++) {
				double sum = 0;
				for (int y = cy * block; y < (cy + 1) * block; y++)
					for (int x = cx * block; x < (cx + 1) * block; x++) sum += smooth[y * s + x];
				cellLo[cy * grid + cx] = cellHi[cy * grid + cx] = (float) (sum / (block * block));
			}
		tokenLo = new float[r * r];
		tokenHi = new float[r * r];
		for (int ty = 0; ty < r; ty++)
			for (int tx = 0; tx < r; tx++) {
				double sum = 0;
				for (int a = 0; a < sub; a++)
					for (int b = 0; b < sub; b++) sum += cellLo[(sub * ty + a) * grid + sub * tx + b];
				tokenLo[ty * r + tx] = tokenHi[ty * r + tx] = (float) (sum / (sub * sub));
			}
		int side = 2 * this.reach + 1;
		paths = new int[side * side][];
		for (int dy = -this.reach; dy <= this.reach; dy++)
			for (int dx = -this.reach; dx <= this.reach; dx++)
				paths[(dy + this.reach) * side + dx + this.reach] = path(dx, dy);
		inverseSpread = (float) (1 / spread);
	}

	int reach() { return reach; }

	/** Path cells from the centre of a token to the centre of the token {@code (dx, dy)} away, endpoints excluded. */
	private int[] path(int dx, int dy) {
		int samples = sub * Math.max(Math.abs(dx), Math.abs(dy));
		int[] offsets = new int[samples];
		double cx = sub / 2.0, cy = sub / 2.0;
		for (int k = 1; k <= samples; k++) {
			double t = k / (samples + 1.0);
			int x = (int) Math.floor(cx + t * sub * dx), y = (int) Math.floor(cy + t * sub * dy);
			offsets[k - 1] = y * grid + x;
		}
		return offsets;
	}

	/**
	 * The excursion between tokens {@code i} and {@code j} in units of the spread; 0 beyond the
	 * reach.
	 */
	float between(int i, int j) {
		int ty = i / r, tx = i % r, dy = j / r - ty, dx = j % r - tx;
		if (Math.abs(dx) > reach || Math.abs(dy) > reach) return 0;
		int[] path = paths[(dy + reach) * (2 * reach + 1) + dx + reach];
		int base = sub * ty * grid + sub * tx;
		float pathLo = Float.POSITIVE_INFINITY, pathHi = Float.NEGATIVE_INFINITY;
		for (int off : path) {
			float lo = cellLo[base + off], hi = cellHi[base + off];
			if (lo < pathLo) pathLo = lo;
			if (hi > pathHi) pathHi = hi;
		}
		float below = Math.min(tokenLo[i], tokenLo[j]) - pathLo, above = pathHi - Math.max(tokenHi[i], tokenHi[j]);
		return Math.max(0, Math.max(below, above)) * inverseSpread;
	}

	/** Separable Gaussian blur, clamped at the border. */
	static float[] gaussian(float[] in, int s, double sigma) {
		int radius = Math.max(1, (int) Math.ceil(3 * sigma));
		float[] k = new float[2 * radius + 1];
		double sum = 0;
		for (int d = -radius; d <= radius; d++) sum += k[d + radius] = (float) Math.exp(-0.5 * d * d / (sigma * sigma));
		for (int d = 0; d < k.length; d++) k[d] /= sum;
		float[] tmp = new float[in.length], out = new float[in.length];
		for (int y = 0; y < s; y++)
			for (int x = 0; x < s; x++) {
				float v = 0;
				for (int d = -radius; d <= radius; d++) v += k[d + radius] * in[y * s + Math.max(0, Math.min(s - 1, x + d))];
				tmp[y * s + x] = v;
			}
		for (int y = 0; y < s; y++)
			for (int x = 0; x < s; x++) {
				float v = 0;
				for (int d = -radius; d <= radius; d++) v += k[d + radius] * tmp[Math.max(0, Math.min(s - 1, y + d)) * s + x];
				out[y * s + x] = v;
			}
		return out;
	}
}
