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
 */
public final class JointBilateralUpsampler {

	private final GuideImage guide;
	private final int r;
	private final int[] dx, dy;
	private final float[] spatial;
	private final float rangeScale;

	public JointBilateralUpsampler(GuideImage guide, int resolution, Settings settings) {
		this.guide = guide;
		this.r = resolution;
		double ux = (double) guide.width() / resolution * settings.sigmaSpatial();
		double uy = (double) guide.height() / resolution * settings.sigmaSpatial();
		int stepX = 1, stepY = 1;
		if (settings.upsampling() == Settings.Upsampling.FAST) {
			stepX = Math.max(1, (int) Math.floor(ux / settings.fastSamplesPerCell()));
			stepY = Math.max(1, (int) Math.floor(uy / settings.fastSamplesPerCell()));
		}
		int rx = (int) Math.floor(3 * ux), ry = (int) Math.floor(3 * uy);
		java.util.List<int[]> offsets = new java.util.ArrayList<>();
		java.util.List<Float> weights = new java.util.ArrayList<>();
		for (int oy = -(ry / stepY) * stepY; oy <= ry; oy += stepY)
			for (int ox = -(rx / stepX) * stepX; ox <= rx; ox += stepX) {
				double nx = ox / ux, ny = oy / uy;
				if (nx * nx + ny * ny > 9) continue;
				offsets.add(new int[] { ox, oy });
				// the normal densities' constant factors cancel in the normalisation
				weights.add((float) Math.exp(-0.5 * (nx * nx + ny * ny)));
			}
		dx = new int[offsets.size()];
		dy = new int[offsets.size()];
		spatial = new float[offsets.size()];
		for (int i = 0; i < dx.length; i++) {
			dx[i] = offsets.get(i)[0];
			dy[i] = offsets.get(i)[1];
			spatial[i] = weights.get(i);
		}
		rangeScale = (float) (0.5 / (settings.sigmaRange() * settings.sigmaRange()));
	}

	/** Number of window samples per pixel. */
	public int samplesPerPixel() {
		return dx.length;
	}

	/** The upsampled map, divided by its maximum. */
	public float[] upsample(float[] map) {
		int w = guide.width(), h = guide.height();
		float[] resized = bilinear(map, r, w, h);
		float[] c0 = guide.channel(0), c1 = guide.channel(1), c2 = guide.channel(2);
		float[] out = new float[w * h];
		int m = dx.length;
		boolean grey = java.util.Arrays.equals(c0, c1) && java.util.Arrays.equals(c0, c2);
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
		MarkovMap.normaliseByMax(out);
		return out;
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
