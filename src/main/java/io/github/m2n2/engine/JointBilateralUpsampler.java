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
		float[] packed = pack(bilinear(map, r, w, h));
		float[] out = new float[w * h];
		int m = dx.length;
		int[] linear = new int[m];
		int minDx = 0, maxDx = 0, minDy = 0, maxDy = 0;
		for (int k = 0; k < m; k++) {
			linear[k] = 4 * (dy[k] * w + dx[k]);
			minDx = Math.min(minDx, dx[k]);
			maxDx = Math.max(maxDx, dx[k]);
			minDy = Math.min(minDy, dy[k]);
			maxDy = Math.max(maxDy, dy[k]);
		}
		int x0 = -minDx, x1 = w - maxDx, y0 = -minDy, y1 = h - maxDy;
		Parallel.forRange(h, Parallel.chunks() * 4, (c, from, to) -> {
			for (int y = from; y < to; y++) {
				boolean rowInside = y >= y0 && y < y1;
				for (int x = 0; x < w; x++) {
					int p = y * w + x;
					out[p] = rowInside && x >= x0 && x < x1 ? interior(4 * p, linear, packed) : border(x, y, packed);
				}
			}
		});
		MarkovMap.normaliseByMax(out);
		return out;
	}

	/**
	 * The guide's three channels and the resized map side by side per pixel, so that each
	 * window sample touches one cache line instead of four.
	 */
	private float[] pack(float[] resized) {
		float[] c0 = guide.channel(0), c1 = guide.channel(1), c2 = guide.channel(2);
		float[] packed = new float[4 * resized.length];
		for (int p = 0; p < resized.length; p++) {
			packed[4 * p] = c0[p];
			packed[4 * p + 1] = c1[p];
			packed[4 * p + 2] = c2[p];
			packed[4 * p + 3] = resized[p];
		}
		return packed;
	}

	/** A pixel whose whole window lies inside the image: no bounds checks. */
	private float interior(int p4, int[] linear, float[] packed) {
		float r0 = packed[p4], g0 = packed[p4 + 1], b0 = packed[p4 + 2];
		float num = 0, den = 0;
		for (int k = 0; k < linear.length; k++) {
			int q = p4 + linear[k];
			float d0 = packed[q] - r0, d1 = packed[q + 1] - g0, d2 = packed[q + 2] - b0;
			float wgt = spatial[k] * RangeKernel.weight(rangeScale * (d0 * d0 + d1 * d1 + d2 * d2));
			num += wgt * packed[q + 3];
			den += wgt;
		}
		return num / den;
	}

	private float border(int x, int y, float[] packed) {
		int w = guide.width(), h = guide.height();
		int p4 = 4 * (y * w + x);
		float r0 = packed[p4], g0 = packed[p4 + 1], b0 = packed[p4 + 2];
		float num = 0, den = 0;
		for (int k = 0; k < dx.length; k++) {
			int qx = x + dx[k], qy = y + dy[k];
			if (qx < 0 || qy < 0 || qx >= w || qy >= h) continue;
			int q = 4 * (qy * w + qx);
			float d0 = packed[q] - r0, d1 = packed[q + 1] - g0, d2 = packed[q + 2] - b0;
			float wgt = spatial[k] * RangeKernel.weight(rangeScale * (d0 * d0 + d1 * d1 + d2 * d2));
			num += wgt * packed[q + 3];
			den += wgt;
		}
		return num / den;
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
