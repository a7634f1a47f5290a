package io.github.m2n2.engine;

/**
 * docs/algorithm.md, section 5: brings an {@code r x r} map to image resolution, edge-aware, guided by the RGB
 * image. The map is first resized bilinearly; each pixel then becomes the weighted mean of
 * that resized map over an elliptic window of three spatial sigmas (in token cells), weighted
 * by a Gaussian in space and a Gaussian in colour difference.
 *
 * <p>The exact window holds every pixel offset: about 28 u^2 of them for an upsampling factor
 * u, which is thousands per pixel at u = 16. {@link Settings.Upsampling#FAST} visits the same
 * window on a sub-grid of {@code fastSamplesPerCell} samples per token cell along each axis,
 * which keeps the weighting and the edge-awareness but not every term of the sum.
 * {@link Settings.Upsampling#REFINED} (the default) samples too, except for the pixels around
 * the click that decide its region (see {@link #refine}), which get the exact window's sum.
 */
public final class JointBilateralUpsampler {

	/**
	 * Radius, in token cells, of the disc around the click that {@link Settings.Upsampling#REFINED}
	 * always computes with the complete window: the small candidate regions grown from the click
	 * are decided by the map's pixel-level structure there, which the sampled sum blurs with noise.
	 */
	static final double REFINED_CORE_CELLS = 2;

	private final GuideImage guide;
	private final int r;
	private final int[] dx, dy;
	private final float[] spatial;
	private final float rangeScale;
	/** The complete window (the same as dx, dy, spatial for the exact mode), in the same order. */
	private final int[] exactDx, exactDy;
	private final float[] exactSpatial;
	/** The complete window by rows: row i holds offsets (oxFrom[i] + j, rowOy[i]) at k = rowStart[i] + j, j < rowLength[i]. */
	private final int[] rowOy, rowOxFrom, rowStart, rowLength;
	private final boolean refine;
	private final double cellX, cellY, refineRadius;
	private boolean[] guideEdges;

	public JointBilateralUpsampler(GuideImage guide, int resolution, Settings settings) {
		this.guide = guide;
		this.r = resolution;
		cellX = (double) guide.width() / resolution;
		cellY = (double) guide.height() / resolution;
		double ux = cellX * settings.sigmaSpatial();
		double uy = cellY * settings.sigmaSpatial();
		Settings.Upsampling mode = settings.upsampling();
		int stepX = 1, stepY = 1;
		if (mode != Settings.Upsampling.EXACT) {
			stepX = Math.max(1, (int) Math.floor(ux / settings.fastSamplesPerCell()));
			stepY = Math.max(1, (int) Math.floor(uy / settings.fastSamplesPerCell()));
		}
		int[][] sampled = window(ux, uy, stepX, stepY);
		dx = sampled[0];
		dy = sampled[1];
		spatial = weights(dx, dy, ux, uy);
		int[][] complete = stepX == 1 && stepY == 1 ? sampled : window(ux, uy, 1, 1);
		exactDx = complete[0];
		exactDy = complete[1];
		exactSpatial = complete == sampled ? spatial : weights(exactDx, exactDy, ux, uy);
		int rows = 0;
		for (int k = 0; k < exactDy.length; k++) if (k == 0 || exactDy[k] != exactDy[k - 1]) rows++;
		rowOy = new int[rows];
		rowOxFrom = new int[rows];
		rowStart = new int[rows];
		rowLength = new int[rows];
		for (int k = 0, i = -1; k < exactDy.length; k++) {
			if (k == 0 || exactDy[k] != exactDy[k - 1]) {
				i++;
				rowOy[i] = exactDy[k];
				rowOxFrom[i] = exactDx[k];
				rowStart[i] = k;
			} else if (exactDx[k] != exactDx[k - 1] + 1) {
				throw new IllegalStateException("window row not contiguous"); // an ellipse's rows are
			}
			rowLength[i]++;
		}
		refine = mode == Settings.Upsampling.REFINED;
		refineRadius = settings.refineRadius();
		rangeScale = (float) (0.5 / (settings.sigmaRange() * settings.sigmaRange()));
	}

	/** The window's offsets (radius three sigmas, an ellipse in pixels) on a grid of the given steps, row by row. */
	private static int[][] window(double ux, double uy, int stepX, int stepY) {
		int rx = (int) Math.floor(3 * ux), ry = (int) Math.floor(3 * uy);
		java.util.List<int[]> offsets = new java.util.ArrayList<>();
		for (int oy = -(ry / stepY) * stepY; oy <= ry; oy += stepY)
			for (int ox = -(rx / stepX) * stepX; ox <= rx; ox += stepX) {
				double nx = ox / ux, ny = oy / uy;
				if (nx * nx + ny * ny > 9) continue;
				offsets.add(new int[] { ox, oy });
			}
		int[][] d = new int[2][offsets.size()];
		for (int i = 0; i < offsets.size(); i++) {
			d[0][i] = offsets.get(i)[0];
			d[1][i] = offsets.get(i)[1];
		}
		return d;
	}

	private static float[] weights(int[] dx, int[] dy, double ux, double uy) {
		float[] w = new float[dx.length];
		for (int i = 0; i < w.length; i++) {
			double nx = dx[i] / ux, ny = dy[i] / uy;
			// the normal densities' constant factors cancel in the normalisation
			w[i] = (float) Math.exp(-0.5 * (nx * nx + ny * ny));
		}
		return w;
	}

	/** Number of window samples per pixel. */
	public int samplesPerPixel() {
		return dx.length;
	}

	/** The upsampled map, divided by its maximum, with no click to refine around. */
	public float[] upsample(float[] map) {
		return upsample(map, -1, -1);
	}

	/**
	 * The upsampled map of the click at ({@code clickX}, {@code clickY}), divided by its maximum.
	 * In the refined mode the pixels that decide the click's region boundaries get the complete
	 * window (see {@link #refine}); a negative position refines nothing.
	 */
	public float[] upsample(float[] map, int clickX, int clickY) {
		float[] out = unnormalised(map, clickX, clickY);
		MarkovMap.normaliseByMax(out);
		return out;
	}

	/** {@link #upsample(float[], int, int)} before the division by the maximum. */
	float[] unnormalised(float[] map, int clickX, int clickY) {
		float[] resized = bilinear(map, r, guide.width(), guide.height());
		float[] out = sampledWindow(resized);
		if (refine && clickX >= 0 && clickY >= 0) refine(out, resized, clickX, clickY);
		return out;
	}

	private float[] sampledWindow(float[] resized) {
		int w = guide.width(), h = guide.height();
		float[] c0 = guide.channel(0), c1 = guide.channel(1), c2 = guide.channel(2);
		float[] out = new float[w * h];
		int m = dx.length;
		boolean grey = isGrey();
		Parallel.forRange(h, Parallel.chunks() * 4, (c, from, to) -> {
			float[] num = new float[w], den = new float[w];
			float[] g0 = new float[w], g1 = new float[w], g2 = new float[w];
			float[] s0 = new float[w], s1 = new float[w], s2 = new float[w], sm = new float[w];
			for (int y = from; y < to; y++) {
				java.util.Arrays.fill(num, 0f);
				java.util.Arrays.fill(den, 0f);
				int p = y * w;
				System.arraycopy(c0, p, g0, 0, w);
				if (!grey) {
					System.arraycopy(c1, p, g1, 0, w);
					System.arraycopy(c2, p, g2, 0, w);
				}
				// offset by offset over the whole row, each pixel still summing its window in the same
				// order; the shifted samples are copied to the pixel's index first, because the JIT
				// vectorises only loops that read all their arrays at the index they write
				for (int k = 0; k < m; k++) {
					int qy = y + dy[k];
					if (qy < 0 || qy >= h) continue;
					int ox = dx[k], xa = Math.max(0, -ox), xb = Math.min(w, w - ox), q = qy * w + ox;
					System.arraycopy(c0, q + xa, s0, xa, xb - xa);
					System.arraycopy(resized, q + xa, sm, xa, xb - xa);
					if (grey) {
						// three equal channels: one difference, counted three times
						accumulateGreyRow(num, den, g0, s0, sm, xa, xb, spatial[k], 3 * rangeScale);
					} else {
						System.arraycopy(c1, q + xa, s1, xa, xb - xa);
						System.arraycopy(c2, q + xa, s2, xa, xb - xa);
						accumulateRow(num, den, g0, g1, g2, s0, s1, s2, sm, xa, xb, spatial[k], rangeScale);
					}
				}
				for (int x = 0; x < w; x++) out[p + x] = num[x] / den[x];
			}
		});
		return out;
	}

	/**
	 * Gives the complete window to the pixels around the click whose sampled value could move
	 * the click's region boundaries or its threshold choice: every pixel within
	 * {@link #REFINED_CORE_CELLS} token cells, and every guide-edge pixel (see {@link #guideEdges})
	 * within the refine radius. Elsewhere the guide is flat at the pixel scale and the map smooth, so the
	 * sampled sum differs from the complete one by a slowly varying amount that moves no boundary.
	 * Each refined pixel sums the same terms in the same order as the exact mode, so it equals the
	 * exact mode's value bit for bit.
	 */
	private void refine(float[] out, float[] resized, int clickX, int clickY) {
		int w = guide.width(), h = guide.height();
		boolean[] edges = guideEdges();
		double radius = Math.max(refineRadius, REFINED_CORE_CELLS);
		int y0 = Math.max(0, (int) Math.floor(clickY - radius * cellY)), y1 = Math.min(h - 1, (int) Math.ceil(clickY + radius * cellY));
		int x0 = Math.max(0, (int) Math.floor(clickX - radius * cellX)), x1 = Math.min(w - 1, (int) Math.ceil(clickX + radius * cellX));
		double core2 = REFINED_CORE_CELLS * REFINED_CORE_CELLS, outer2 = refineRadius * refineRadius;
		Parallel.forRange(y1 - y0 + 1, Parallel.chunks() * 4, (c, from, to) -> {
			int[] xs = new int[x1 - x0 + 4];
			float[] values = new float[4];
			Scratch scratch = new Scratch(rowLength);
			for (int y = y0 + from; y < y0 + to; y++) {
				double ny = (y - clickY) / cellY;
				int m = 0;
				for (int x = x0; x <= x1; x++) {
					double nx = (x - clickX) / cellX, d2 = nx * nx + ny * ny;
					if (d2 <= core2 || (d2 <= outer2 && edges[y * w + x])) xs[m++] = x;
				}
				if (m == 0) continue;
				// whole groups of four: the last pixel repeats (its sums are the same each time)
				while (m % 4 != 0) xs[m] = xs[m++ - 1];
				for (int j = 0; j < m; j += 4) {
					exactWindow(resized, y, xs, j, values, scratch);
					for (int l = 0; l < 4; l++) out[y * w + xs[j + l]] = values[l];
				}
			}
		});
	}

	/**
	 * The complete window of four pixels of row {@code y} ({@code xs[j..j+3]}), written to
	 * {@code values}. Each pixel adds the exact mode's terms in its order (window rows top down,
	 * offsets left to right) and float arithmetic, so its sum is bit for bit the exact mode's; the
	 * weights of a window row are computed first in a loop the JIT vectorises, and the four
	 * pixels' running sums then advance side by side, so no sum waits on its own last addition.
	 */
	private void exactWindow(float[] resized, int y, int[] xs, int j, float[] values, Scratch scratch) {
		int w = guide.width(), h = guide.height();
		int xa = xs[j], xd = xs[j + 3];
		float[] num = scratch.num, den = scratch.den;
		java.util.Arrays.fill(num, 0f);
		java.util.Arrays.fill(den, 0f);
		float[][] wt = scratch.wt, pr = scratch.pr;
		float[] sw = scratch.sw, g0 = scratch.g0, g1 = scratch.g1, g2 = scratch.g2, sm = scratch.sm;
		int[] px = scratch.px;
		for (int l = 0; l < 4; l++) px[l] = xs[j + l];
		for (int i = 0; i < rowOy.length; i++) {
			int qy = y + rowOy[i];
			if (qy < 0 || qy >= h) continue;
			int from = rowOxFrom[i], to = from + rowLength[i] - 1;
			// the offsets every pixel keeps inside the image; a pixel's few others, near the image's
			// left or right side, come before or after them in its own order
			int lo = Math.max(from, -xa), hi = Math.min(to, w - 1 - xd);
			if (lo > hi) {
				for (int l = 0; l < 4; l++) addTerms(resized, px[l], y, qy, i, Math.max(from, -px[l]), Math.min(to, w - 1 - px[l]), num, den, l);
				continue;
			}
			for (int l = 0; l < 4; l++) addTerms(resized, px[l], y, qy, i, Math.max(from, -px[l]), lo - 1, num, den, l);
			int n = hi - lo + 1;
			System.arraycopy(exactSpatial, rowStart[i] + lo - from, sw, 0, n);
			for (int l = 0; l < 4; l++) rowWeights(resized, qy * w + px[l] + lo, y * w + px[l], n, sw, g0, g1, g2, sm, wt[l], pr[l]);
			float na = num[0], nb = num[1], nc = num[2], nd = num[3], da = den[0], db = den[1], dc = den[2], dd = den[3];
			float[] wa = wt[0], wb = wt[1], wc = wt[2], wd = wt[3], ra = pr[0], rb = pr[1], rc = pr[2], rd = pr[3];
			for (int t = 0; t < n; t++) {
				na += ra[t];
				da += wa[t];
				nb += rb[t];
				db += wb[t];
				nc += rc[t];
				dc += wc[t];
				nd += rd[t];
				dd += wd[t];
			}
			num[0] = na; num[1] = nb; num[2] = nc; num[3] = nd;
			den[0] = da; den[1] = db; den[2] = dc; den[3] = dd;
			for (int l = 0; l < 4; l++) addTerms(resized, px[l], y, qy, i, hi + 1, Math.min(to, w - 1 - px[l]), num, den, l);
		}
		for (int l = 0; l < 4; l++) values[l] = num[l] / den[l];
	}

	/** One thread's working arrays for {@link #exactWindow}, each as long as the window's widest row. */
	private static final class Scratch {
		final float[] num = new float[4], den = new float[4];
		final int[] px = new int[4];
		final float[][] wt, pr;
		final float[] sw, g0, g1, g2, sm;

		Scratch(int[] rowLength) {
			int n = 0;
			for (int len : rowLength) n = Math.max(n, len);
			wt = new float[4][n];
			pr = new float[4][n];
			sw = new float[n];
			g0 = new float[n];
			g1 = new float[n];
			g2 = new float[n];
			sm = new float[n];
		}
	}

	/**
	 * One pixel's weights {@code wt} and weighted map values {@code pr} for {@code n} consecutive
	 * samples starting at {@code q}, with their spatial weights {@code sw}: the samples are copied
	 * to index 0 first so that the loop reads every array at the index it writes.
	 */
	private void rowWeights(float[] resized, int q, int p, int n, float[] sw, float[] g0, float[] g1, float[] g2, float[] sm, float[] wt,
		float[] pr) {
		float[] c0 = guide.channel(0);
		System.arraycopy(c0, q, g0, 0, n);
		System.arraycopy(resized, q, sm, 0, n);
		float v0 = c0[p];
		if (isGrey()) {
			float greyScale = 3 * rangeScale;
			for (int t = 0; t < n; t++) {
				float d0 = g0[t] - v0;
				float wgt = sw[t] * RangeKernel.expMinus(greyScale * (d0 * d0));
				wt[t] = wgt;
				pr[t] = wgt * sm[t];
			}
		} else {
			float[] c1 = guide.channel(1), c2 = guide.channel(2);
			System.arraycopy(c1, q, g1, 0, n);
			System.arraycopy(c2, q, g2, 0, n);
			float v1 = c1[p], v2 = c2[p];
			for (int t = 0; t < n; t++) {
				float d0 = g0[t] - v0, d1 = g1[t] - v1, d2 = g2[t] - v2;
				float wgt = sw[t] * RangeKernel.expMinus(rangeScale * (d0 * d0 + d1 * d1 + d2 * d2));
				wt[t] = wgt;
				pr[t] = wgt * sm[t];
			}
		}
	}

	/** Adds pixel (x, y)'s terms of window row i for the offsets ox in [oxLo, oxHi] to num[l], den[l]. */
	private void addTerms(float[] resized, int x, int y, int qy, int i, int oxLo, int oxHi, float[] num, float[] den, int l) {
		if (oxLo > oxHi) return;
		int w = guide.width(), p = y * w + x, row = qy * w + x, k0 = rowStart[i] - rowOxFrom[i];
		float[] c0 = guide.channel(0), c1 = guide.channel(1), c2 = guide.channel(2);
		float g0 = c0[p], g1 = c1[p], g2 = c2[p], greyScale = 3 * rangeScale;
		boolean grey = isGrey();
		float n = num[l], d = den[l];
		for (int ox = Math.max(oxLo, -x); ox <= oxHi; ox++) {
			int q = row + ox;
			float wgt;
			if (grey) {
				float d0 = c0[q] - g0;
				wgt = exactSpatial[k0 + ox] * RangeKernel.expMinus(greyScale * (d0 * d0));
			} else {
				float d0 = c0[q] - g0, d1 = c1[q] - g1, d2 = c2[q] - g2;
				wgt = exactSpatial[k0 + ox] * RangeKernel.expMinus(rangeScale * (d0 * d0 + d1 * d1 + d2 * d2));
			}
			n += wgt * resized[q];
			d += wgt;
		}
		num[l] = n;
		den[l] = d;
	}

	private Boolean grey;

	private synchronized boolean isGrey() {
		if (grey == null) {
			float[] c0 = guide.channel(0);
			grey = java.util.Arrays.equals(c0, guide.channel(1)) && java.util.Arrays.equals(c0, guide.channel(2));
		}
		return grey;
	}

	/**
	 * Pixels where the guide changes at the pixel scale, by the colour kernel's measure: some pixel
	 * of the 3 x 3 neighbourhood differs from another by more than half a range sigma in a channel,
	 * widened by one pixel. Only there can the sampled window miss terms whose weights differ a
	 * lot from their neighbours'. A property of the guide alone, found once.
	 */
	synchronized boolean[] guideEdges() {
		if (guideEdges != null) return guideEdges;
		int w = guide.width(), h = guide.height();
		float limit = (float) (0.5 / Math.sqrt(2 * rangeScale));
		boolean[] edge = new boolean[w * h];
		for (int c = 0; c < (isGrey() ? 1 : 3); c++) {
			float[] g = guide.channel(c);
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
					for (int yy = Math.max(0, y - 1); yy <= Math.min(h - 1, y + 1); yy++)
						for (int xx = Math.max(0, x - 1); xx <= Math.min(w - 1, x + 1); xx++) {
							float v = g[yy * w + xx];
							lo = Math.min(lo, v);
							hi = Math.max(hi, v);
						}
					if (hi - lo > limit) edge[y * w + x] = true;
				}
		}
		boolean[] widened = edge.clone();
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				if (!edge[y * w + x]) continue;
				if (x > 0) widened[y * w + x - 1] = true;
				if (x < w - 1) widened[y * w + x + 1] = true;
				if (y > 0) widened[(y - 1) * w + x] = true;
				if (y < h - 1) widened[(y + 1) * w + x] = true;
			}
		guideEdges = widened;
		return widened;
	}

	/**
	 * Adds one window offset's terms for the pixels {@code [xa, xb)} of a row: the pixels' own
	 * colours {@code g}, the samples' colours {@code s} and map values {@code sm}, all at the
	 * pixel's index. The offset (0, 0) is always in the window, so every weight sum is at least 1.
	 */
	private static void accumulateRow(float[] num, float[] den, float[] g0, float[] g1, float[] g2, float[] s0, float[] s1, float[] s2,
		float[] sm, int xa, int xb, float spatialWeight, float rangeScale) {
		for (int x = xa; x < xb; x++) {
			float d0 = s0[x] - g0[x], d1 = s1[x] - g1[x], d2 = s2[x] - g2[x];
			float wgt = spatialWeight * RangeKernel.expMinus(rangeScale * (d0 * d0 + d1 * d1 + d2 * d2));
			num[x] += wgt * sm[x];
			den[x] += wgt;
		}
	}

	private static void accumulateGreyRow(float[] num, float[] den, float[] g0, float[] s0, float[] sm, int xa, int xb, float spatialWeight,
		float rangeScale) {
		for (int x = xa; x < xb; x++) {
			float d0 = s0[x] - g0[x];
			float wgt = spatialWeight * RangeKernel.expMinus(rangeScale * (d0 * d0));
			num[x] += wgt * sm[x];
			den[x] += wgt;
		}
	}

	/** Bilinear resize with half-pixel centres and no corner alignment (edges clamped). */
	static float[] bilinear(float[] map, int r, int w, int h) {
		float[] out = new float[w * h];
		int[] x0 = new int[w], x1 = new int[w];
		float[] fx = new float[w];
		axis(r, w, x0, x1, fx);
		int[] y0 = new int[h], y1 = new int[h];
		float[] fy = new float[h];
		axis(r, h, y0, y1, fy);
		for (int y = 0; y < h; y++) {
			int a = y0[y] * r, b = y1[y] * r;
			float ty = fy[y];
			for (int x = 0; x < w; x++) {
				float top = map[a + x0[x]] * (1 - fx[x]) + map[a + x1[x]] * fx[x];
				float bottom = map[b + x0[x]] * (1 - fx[x]) + map[b + x1[x]] * fx[x];
				out[y * w + x] = top * (1 - ty) + bottom * ty;
			}
		}
		return out;
	}

	private static void axis(int r, int size, int[] i0, int[] i1, float[] f) {
		double scale = (double) r / size;
		for (int i = 0; i < size; i++) {
			double src = Math.max(0, (i + 0.5) * scale - 0.5);
			int lo = Math.min(r - 1, (int) Math.floor(src));
			i0[i] = lo;
			i1[i] = Math.min(r - 1, lo + 1);
			f[i] = (float) (src - lo);
		}
	}
}
