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
		return upsample(new float[][] { map }, new int[] { clickX }, new int[] { clickY })[0];
	}

	/**
	 * Several clicks' maps at once, each exactly as {@link #upsample(float[], int, int)} gives it.
	 * A window term's weight depends on the guide alone, not on the map, so each weight is
	 * computed once for all the maps that need it (a stack plane's derived clicks, a workflow's
	 * clicks): only the weighted sums of the map values are done per map.
	 */
	public float[][] upsample(float[][] maps, int[] clickX, int[] clickY) {
		float[][] out = unnormalised(maps, clickX, clickY);
		for (float[] o : out) MarkovMap.normaliseByMax(o);
		return out;
	}

	/** {@link #upsample(float[], int, int)} before the division by the maximum. */
	float[] unnormalised(float[] map, int clickX, int clickY) {
		return unnormalised(new float[][] { map }, new int[] { clickX }, new int[] { clickY })[0];
	}

	float[][] unnormalised(float[][] maps, int[] clickX, int[] clickY) {
		float[][] resized = new float[maps.length][];
		for (int b = 0; b < maps.length; b++) resized[b] = bilinear(maps[b], r, guide.width(), guide.height());
		float[][] out = sampledWindow(resized);
		if (refine) refine(out, resized, clickX, clickY);
		return out;
	}

	/**
	 * Every pixel's (sampled) window, row by row and offset by offset over the whole row: each
	 * pixel still sums its window in the same order. The shifted samples are copied to the
	 * pixel's index first, because the JIT vectorises only loops that read all their arrays at
	 * the index they write.
	 */
	private float[][] sampledWindow(float[][] resized) {
		int w = guide.width(), h = guide.height(), k = resized.length;
		float[] c0 = guide.channel(0), c1 = guide.channel(1), c2 = guide.channel(2);
		float[][] out = new float[k][w * h];
		int m = dx.length;
		boolean grey = isGrey();
		Parallel.forRange(h, Parallel.chunks() * 4, (c, from, to) -> {
			float[][] num = new float[k][w];
			float[] den = new float[w], wt = new float[w];
			float[] g0 = new float[w], g1 = new float[w], g2 = new float[w];
			float[] s0 = new float[w], s1 = new float[w], s2 = new float[w], sm = new float[w];
			for (int y = from; y < to; y++) {
				for (float[] n : num) java.util.Arrays.fill(n, 0f);
				java.util.Arrays.fill(den, 0f);
				int p = y * w;
				System.arraycopy(c0, p, g0, 0, w);
				if (!grey) {
					System.arraycopy(c1, p, g1, 0, w);
					System.arraycopy(c2, p, g2, 0, w);
				}
				for (int o = 0; o < m; o++) {
					int qy = y + dy[o];
					if (qy < 0 || qy >= h) continue;
					int ox = dx[o], xa = Math.max(0, -ox), xb = Math.min(w, w - ox), q = qy * w + ox;
					// a window wider than the image (a coarse grid on a narrow image): this offset
					// lies outside the image for every pixel of the row, so it is skipped as an
					// offset to a row outside the image is
					if (xb <= xa) continue;
					System.arraycopy(c0, q + xa, s0, xa, xb - xa);
					if (grey) {
						// three equal channels: one difference, counted three times
						greyWeights(wt, den, g0, s0, xa, xb, spatial[o], 3 * rangeScale);
					} else {
						System.arraycopy(c1, q + xa, s1, xa, xb - xa);
						System.arraycopy(c2, q + xa, s2, xa, xb - xa);
						colourWeights(wt, den, g0, g1, g2, s0, s1, s2, xa, xb, spatial[o], rangeScale);
					}
					for (int b = 0; b < k; b++) {
						System.arraycopy(resized[b], q + xa, sm, xa, xb - xa);
						float[] nb = num[b];
						for (int x = xa; x < xb; x++) nb[x] += wt[x] * sm[x];
					}
				}
				for (int b = 0; b < k; b++)
					for (int x = 0; x < w; x++) out[b][p + x] = num[b][x] / den[x];
			}
		});
		return out;
	}

	/**
	 * Gives the complete window to the pixels around each click whose sampled value could move
	 * the click's region boundaries or its threshold choice: every pixel within
	 * {@link #REFINED_CORE_CELLS} token cells, and every guide-edge pixel (see {@link #guideEdges})
	 * within the refine radius. Elsewhere the guide is flat at the pixel scale and the map smooth, so the
	 * sampled sum differs from the complete one by a slowly varying amount that moves no boundary.
	 * Each refined pixel sums the same terms in the same order as the exact mode, so it equals the
	 * exact mode's value bit for bit. A pixel that several clicks refine has its weights computed
	 * once for all of them.
	 */
	private void refine(float[][] out, float[][] resized, int[] clickX, int[] clickY) {
		int w = guide.width(), h = guide.height(), k = resized.length;
		double radius = Math.max(refineRadius, REFINED_CORE_CELLS);
		int[] bx0 = new int[k], bx1 = new int[k], by0 = new int[k], by1 = new int[k];
		int top = h, bottom = -1;
		for (int b = 0; b < k; b++) {
			if (clickX[b] < 0 || clickY[b] < 0) {
				by0[b] = h; // refines nothing
				continue;
			}
			by0[b] = Math.max(0, (int) Math.floor(clickY[b] - radius * cellY));
			by1[b] = Math.min(h - 1, (int) Math.ceil(clickY[b] + radius * cellY));
			bx0[b] = Math.max(0, (int) Math.floor(clickX[b] - radius * cellX));
			bx1[b] = Math.min(w - 1, (int) Math.ceil(clickX[b] + radius * cellX));
			top = Math.min(top, by0[b]);
			bottom = Math.max(bottom, by1[b]);
		}
		if (bottom < top) return;
		boolean[] edges = guideEdges();
		boolean grey = isGrey();
		double core2 = REFINED_CORE_CELLS * REFINED_CORE_CELLS, outer2 = refineRadius * refineRadius;
		int y0 = top;
		Parallel.forRange(bottom - top + 1, Parallel.chunks() * 4, (c, from, to) -> {
			Scratch scratch = new Scratch(exactDx.length, w, k);
			int[] active = new int[k];
			for (int y = y0 + from; y < y0 + to; y++) {
				// which pixels of this row each click refines, and their union in xs
				int activeCount = 0, lo = w, hi = -1;
				for (int b = 0; b < k; b++) {
					if (y < by0[b] || y > by1[b]) continue;
					boolean[] mine = scratch.member[b];
					double ny = (y - clickY[b]) / cellY;
					boolean any = false;
					for (int x = bx0[b]; x <= bx1[b]; x++) {
						double nx = (x - clickX[b]) / cellX, d2 = nx * nx + ny * ny;
						if (d2 <= core2 || (d2 <= outer2 && edges[y * w + x])) {
							mine[x] = true;
							scratch.any[x] = true;
							any = true;
						}
					}
					if (!any) continue;
					active[activeCount++] = b;
					lo = Math.min(lo, bx0[b]);
					hi = Math.max(hi, bx1[b]);
				}
				if (activeCount == 0) continue;
				int[] xs = scratch.xs;
				int m = 0;
				for (int x = lo; x <= hi; x++)
					if (scratch.any[x]) {
						xs[m++] = x;
						scratch.any[x] = false;
					}
				// whole groups of four: the last pixel repeats (its sums are the same each time)
				while (m % 4 != 0) xs[m] = xs[m++ - 1];
				for (int j = 0; j < m; j += 4) {
					int users = 0;
					for (int a = 0; a < activeCount; a++) {
						boolean[] mine = scratch.member[active[a]];
						if (mine[xs[j]] || mine[xs[j + 1]] || mine[xs[j + 2]] || mine[xs[j + 3]]) scratch.users[users++] = active[a];
					}
					exactWindow(resized, y, xs, j, scratch.users, users, grey, scratch);
					for (int u = 0; u < users; u++) {
						int b = scratch.users[u];
						boolean[] mine = scratch.member[b];
						for (int l = 0; l < 4; l++)
							if (mine[xs[j + l]]) out[b][y * w + xs[j + l]] = scratch.num[u][l] / scratch.den[l];
					}
				}
				for (int a = 0; a < activeCount; a++) {
					int b = active[a];
					java.util.Arrays.fill(scratch.member[b], bx0[b], bx1[b] + 1, false);
				}
			}
		});
	}

	/**
	 * The complete window of four pixels of row {@code y} ({@code xs[j..j+3]}): the weight sums
	 * into {@code scratch.den}, and for each of the {@code users} maps listed in {@code maps} the
	 * weighted sums into {@code scratch.num}. Each pixel adds the exact mode's terms in its order
	 * (window rows top down, offsets left to right) and float arithmetic, so its sums are bit for
	 * bit the exact mode's. Each pixel's weights are computed first ({@link #windowWeights}); the
	 * four pixels' running sums then advance side by side, so no sum waits on its own last
	 * addition.
	 */
	private void exactWindow(float[][] resized, int y, int[] xs, int j, int[] maps, int users, boolean grey, Scratch scratch) {
		int w = guide.width(), h = guide.height();
		float[] den = scratch.den;
		java.util.Arrays.fill(den, 0f);
		for (int u = 0; u < users; u++) java.util.Arrays.fill(scratch.num[u], 0f);
		float[][] wt = scratch.wt;
		int[] px = scratch.px, first = scratch.first, last = scratch.last, base = scratch.base;
		for (int l = 0; l < 4; l++) {
			px[l] = xs[j + l];
			// a row's last group repeats its last pixel: its weights are already there
			if (l > 0 && px[l] == px[l - 1]) System.arraycopy(wt[l - 1], 0, wt[l], 0, wt[l].length);
			else windowWeights(px[l], y, grey, wt[l], scratch);
		}
		for (int i = 0; i < rowOy.length; i++) {
			int qy = y + rowOy[i];
			if (qy < 0 || qy >= h) continue;
			int from = rowOxFrom[i], to = from + rowLength[i] - 1;
			// term t of this window row is offset from + t; a pixel near the image's left or right
			// side keeps only its offsets [first, last] inside the image
			int common0 = 0, common1 = rowLength[i] - 1;
			for (int l = 0; l < 4; l++) {
				first[l] = Math.max(from, -px[l]) - from;
				last[l] = Math.min(to, w - 1 - px[l]) - from;
				base[l] = qy * w + px[l] + from;
				common0 = Math.max(common0, first[l]);
				common1 = Math.min(common1, last[l]);
			}
			if (common0 > common1) { // tiny images: no term all four pixels share
				common0 = rowLength[i];
				common1 = rowLength[i] - 1;
			}
			// the weight sums beside the first map's, then the other maps two by two
			sums(wt, rowStart[i], null, den, users > 0, users > 0 ? resized[maps[0]] : null, users > 0 ? scratch.num[0] : null, base, first,
				last, common0, common1);
			for (int u = 1; u < users; u += 2)
				sums(wt, rowStart[i], resized[maps[u]], scratch.num[u], u + 1 < users, u + 1 < users ? resized[maps[u + 1]] : null,
					u + 1 < users ? scratch.num[u + 1] : null, base, first, last, common0, common1);
		}
	}

	/**
	 * Adds the four pixels' terms of one window row, whose weights start at {@code wt[l][k0]}, to
	 * {@code accA} and {@code accB}: the weights themselves (a {@code null} map) or the weighted
	 * values of {@code mapA} and {@code mapB} ({@code mapB} may be absent). Each pixel's terms go in
	 * offset order: its own terms left of the shared range [c0, c1], the shared range with the
	 * eight sums side by side (so none waits on its own last addition), then its terms right of it.
	 */
	private static void sums(float[][] wt, int k0, float[] mapA, float[] accA, boolean withB, float[] mapB, float[] accB, int[] base,
		int[] first, int[] last, int c0, int c1) {
		edgeSums(wt, k0, mapA, accA, base, first, last, c0, c1, true);
		if (withB) edgeSums(wt, k0, mapB, accB, base, first, last, c0, c1, true);
		float[] wa = wt[0], wb = wt[1], wc = wt[2], wd = wt[3];
		int qa = base[0] - k0, qb = base[1] - k0, qc = base[2] - k0, qd = base[3] - k0;
		float na = accA[0], nb = accA[1], nc = accA[2], nd = accA[3];
		float ma = withB ? accB[0] : 0, mb = withB ? accB[1] : 0, mc = withB ? accB[2] : 0, md = withB ? accB[3] : 0;
		int from = k0 + c0, to = k0 + c1;
		// one explicit loop per case: a test inside would keep the JIT from unrolling them well
		if (!withB && mapA == null) {
			for (int t = from; t <= to; t++) {
				na += wa[t];
				nb += wb[t];
				nc += wc[t];
				nd += wd[t];
			}
		} else if (!withB) {
			for (int t = from; t <= to; t++) {
				na += wa[t] * mapA[qa + t];
				nb += wb[t] * mapA[qb + t];
				nc += wc[t] * mapA[qc + t];
				nd += wd[t] * mapA[qd + t];
			}
		} else if (mapA == null) {
			for (int t = from; t <= to; t++) {
				float xa = wa[t], xb = wb[t], xc = wc[t], xd = wd[t];
				na += xa;
				nb += xb;
				nc += xc;
				nd += xd;
				ma += xa * mapB[qa + t];
				mb += xb * mapB[qb + t];
				mc += xc * mapB[qc + t];
				md += xd * mapB[qd + t];
			}
		} else {
			for (int t = from; t <= to; t++) {
				float xa = wa[t], xb = wb[t], xc = wc[t], xd = wd[t];
				na += xa * mapA[qa + t];
				nb += xb * mapA[qb + t];
				nc += xc * mapA[qc + t];
				nd += xd * mapA[qd + t];
				ma += xa * mapB[qa + t];
				mb += xb * mapB[qb + t];
				mc += xc * mapB[qc + t];
				md += xd * mapB[qd + t];
			}
		}
		accA[0] = na;
		accA[1] = nb;
		accA[2] = nc;
		accA[3] = nd;
		if (withB) {
			accB[0] = ma;
			accB[1] = mb;
			accB[2] = mc;
			accB[3] = md;
		}
		edgeSums(wt, k0, mapA, accA, base, first, last, c0, c1, false);
		if (withB) edgeSums(wt, k0, mapB, accB, base, first, last, c0, c1, false);
	}

	/** A weight, or the weighted map value when there is a map. */
	private static float term(float weight, float[] map, int q) {
		return map == null ? weight : weight * map[q];
	}

	/** Each pixel's own terms left ({@code left}) or right of the shared range [c0, c1]. */
	private static void edgeSums(float[][] wt, int k0, float[] map, float[] acc, int[] base, int[] first, int[] last, int c0, int c1,
		boolean left) {
		for (int l = 0; l < 4; l++) {
			float s = acc[l];
			float[] wl = wt[l];
			int q = base[l];
			int from = left ? first[l] : Math.max(first[l], c1 + 1), to = left ? Math.min(last[l], c0 - 1) : last[l];
			for (int t = from; t <= to; t++) s += term(wl[k0 + t], map, q + t);
			acc[l] = s;
		}
	}

	/** One thread's working arrays for {@link #refine}. */
	private static final class Scratch {
		final float[] den = new float[4];
		final float[][] num;
		final int[] px = new int[4], first = new int[4], last = new int[4], base = new int[4];
		final float[][] wt;
		final float[] g0, g1, g2;
		final boolean[][] member;
		final boolean[] any;
		final int[] xs, users;

		Scratch(int terms, int width, int maps) {
			wt = new float[4][terms];
			g0 = new float[terms];
			g1 = new float[terms];
			g2 = new float[terms];
			num = new float[maps][4];
			member = new boolean[maps][width];
			any = new boolean[width];
			xs = new int[width + 4];
			users = new int[maps];
		}
	}

	/**
	 * Pixel (x, y)'s weight for every term of the complete window, in window order, into
	 * {@code wt}: the guide's samples are gathered row by row into one array first, so that the
	 * weights are one long loop, which the JIT vectorises (a window row alone, a few dozen terms,
	 * is too short for its vector loop). Terms outside the image get a weight that is never used.
	 */
	private void windowWeights(int x, int y, boolean grey, float[] wt, Scratch scratch) {
		int w = guide.width(), h = guide.height(), p = y * w + x, terms = exactDx.length;
		float[] c0 = guide.channel(0), c1 = guide.channel(1), c2 = guide.channel(2);
		float[] g0 = scratch.g0, g1 = scratch.g1, g2 = scratch.g2;
		float v0 = c0[p], v1 = c1[p], v2 = c2[p];
		for (int i = 0; i < rowOy.length; i++) {
			int qy = y + rowOy[i], len = rowLength[i];
			// the row's terms inside the image, [a, b]
			int a = qy < 0 || qy >= h ? len : Math.max(0, -x - rowOxFrom[i]);
			int b = qy < 0 || qy >= h ? -1 : Math.min(len - 1, w - 1 - x - rowOxFrom[i]);
			int q = qy * w + x + rowOxFrom[i];
			gather(c0, g0, v0, q, rowStart[i], len, a, b);
			if (!grey) {
				gather(c1, g1, v1, q, rowStart[i], len, a, b);
				gather(c2, g2, v2, q, rowStart[i], len, a, b);
			}
		}
		float[] sw = exactSpatial;
		if (grey) {
			float greyScale = 3 * rangeScale;
			for (int t = 0; t < terms; t++) {
				float d0 = g0[t] - v0;
				wt[t] = sw[t] * RangeKernel.expMinus(greyScale * (d0 * d0));
			}
		} else {
			for (int t = 0; t < terms; t++) {
				float d0 = g0[t] - v0, d1 = g1[t] - v1, d2 = g2[t] - v2;
				wt[t] = sw[t] * RangeKernel.expMinus(rangeScale * (d0 * d0 + d1 * d1 + d2 * d2));
			}
		}
	}

	/**
	 * One window row of a channel into {@code into[k0 .. k0 + len)}: the samples of its terms
	 * [a, b] inside the image from {@code channel[q + a ..]}, the pixel's own value {@code own}
	 * for the others (their weights are never summed).
	 */
	private static void gather(float[] channel, float[] into, float own, int q, int k0, int len, int a, int b) {
		if (a > b) {
			java.util.Arrays.fill(into, k0, k0 + len, own);
			return;
		}
		System.arraycopy(channel, q + a, into, k0 + a, b - a + 1);
		if (a > 0) java.util.Arrays.fill(into, k0, k0 + a, own);
		if (b < len - 1) java.util.Arrays.fill(into, k0 + b + 1, k0 + len, own);
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
		int channels = isGrey() ? 1 : 3;
		// rows in parallel: each row's test reads the guide only and writes its own row
		Parallel.forRange(h, (chunk, from, to) -> {
			for (int c = 0; c < channels; c++) {
				float[] g = guide.channel(c);
				for (int y = from; y < to; y++)
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
		});
		boolean[] widened = new boolean[w * h];
		Parallel.forRange(h, (chunk, from, to) -> {
			for (int y = from; y < to; y++)
				for (int x = 0; x < w; x++) {
					int p = y * w + x;
					widened[p] = edge[p] || (x > 0 && edge[p - 1]) || (x < w - 1 && edge[p + 1]) || (y > 0 && edge[p - w]) || (y < h - 1 && edge[p + w]);
				}
		});
		guideEdges = widened;
		return widened;
	}

	/**
	 * One window offset's weights for the pixels {@code [xa, xb)} of a row, also added to their
	 * sums {@code den}: the pixels' own colours {@code g}, the samples' colours {@code s}, all at
	 * the pixel's index. The offset (0, 0) is always in the window, so every weight sum is at
	 * least 1.
	 */
	private static void colourWeights(float[] wt, float[] den, float[] g0, float[] g1, float[] g2, float[] s0, float[] s1, float[] s2, int xa, int xb,
		float spatialWeight, float rangeScale) {
		for (int x = xa; x < xb; x++) {
			float d0 = s0[x] - g0[x], d1 = s1[x] - g1[x], d2 = s2[x] - g2[x];
			float wgt = spatialWeight * RangeKernel.expMinus(rangeScale * (d0 * d0 + d1 * d1 + d2 * d2));
			wt[x] = wgt;
			den[x] += wgt;
		}
	}

	private static void greyWeights(float[] wt, float[] den, float[] g0, float[] s0, int xa, int xb, float spatialWeight, float rangeScale) {
		for (int x = xa; x < xb; x++) {
			float d0 = s0[x] - g0[x];
			float wgt = spatialWeight * RangeKernel.expMinus(rangeScale * (d0 * d0));
			wt[x] = wgt;
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
