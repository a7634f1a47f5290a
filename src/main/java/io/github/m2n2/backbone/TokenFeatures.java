package io.github.m2n2.backbone;

import io.github.m2n2.engine.AreaResize;
import io.github.m2n2.engine.GuideImage;

/**
 * What the embedded backbone knows about each token of an {@code r x r} grid, in four groups
 * compared separately:
 * <ul>
 * <li><b>colour</b>: mean CIELAB of the token's cell;</li>
 * <li><b>texture</b>: the spread of lightness and of chroma inside the cell and the mean
 * absolute lightness derivatives along x and y at two scales (cell pixels and half
 * resolution), each compressed by {@code log(1 + v / median)} so texture is compared by
 * ratio, whatever the image's contrast;</li>
 * <li><b>context</b>: mean CIELAB over the surrounding {@code (2k+1) x (2k+1)} tokens, which
 * lets a textured region (foliage, chromatin) look alike token to token;</li>
 * <li><b>position</b>: the token centre in units of the image's longer side (so distances
 * are isotropic on non-square images).</li>
 * </ul>
 * Colour, texture and context are each divided by their own spread over the image (the root
 * mean square distance from their mean, floored), so the bandwidths of the backbone are in
 * "typical differences of this image" and suit a low-contrast 16-bit micrograph as well as a
 * colourful photograph.
 */
final class TokenFeatures {

	static final int COLOUR = 3, TEXTURE = 6, CONTEXT = 3, POSITION = 2;

	final int r;
	final float[] colour;
	final float[] texture;
	final float[] context;
	final float[] position;
	/** Lightness of the working image ({@code side x side}), for the object size estimate. */
	final float[] lightness;
	final int side;

	private TokenFeatures(int r, float[] colour, float[] texture, float[] context, float[] position, float[] lightness, int side) {
		this.r = r;
		this.colour = colour;
		this.texture = texture;
		this.context = context;
		this.position = position;
		this.lightness = lightness;
		this.side = side;
	}

	/**
	 * @param cell          working-image pixels per token side (the image is area-resized to
	 *                      {@code cell * r} square first, as SD's VAE sees {@code 8r})
	 * @param contextRadius k of the context window, in tokens
	 * @param colourFloor   smallest colour spread divided by (CIELAB units), so a nearly flat
	 *                      image is not amplified into noise
	 */
	static TokenFeatures compute(GuideImage image, int r, int cell, int contextRadius, double colourFloor) {
		int s = r * cell, n = r * r;
		GuideImage small = image.resized(s, s);
		float[][] lab = CieLab.fromSrgb(small.channel(0), small.channel(1), small.channel(2));
		float[] l = lab[0], a = lab[1], b = lab[2];

		float[] colour = new float[n * COLOUR];
		float[] texture = new float[n * TEXTURE];
		int half = s / 2, halfCell = Math.max(1, cell / 2);
		float[] lHalf = AreaResize.resize(l, s, s, half, half);
		int cells = cell * cell;
		for (int ty = 0; ty < r; ty++)
			for (int tx = 0; tx < r; tx++) {
				int t = ty * r + tx;
				double sl = 0, sa = 0, sb = 0, ql = 0, qa = 0, qb = 0, gx = 0, gy = 0;
				for (int y = ty * cell; y < (ty + 1) * cell; y++)
					for (int x = tx * cell; x < (tx + 1) * cell; x++) {
						int p = y * s + x;
						double vl = l[p], va = a[p], vb = b[p];
						sl += vl;
						sa += va;
						sb += vb;
						ql += vl * vl;
						qa += va * va;
						qb += vb * vb;
						gx += Math.abs(l[y * s + Math.min(s - 1, x + 1)] - l[y * s + Math.max(0, x - 1)]);
						gy += Math.abs(l[Math.min(s - 1, y + 1) * s + x] - l[Math.max(0, y - 1) * s + x]);
					}
				double ml = sl / cells, ma = sa / cells, mb = sb / cells;
				colour[t * COLOUR] = (float) ml;
				colour[t * COLOUR + 1] = (float) ma;
				colour[t * COLOUR + 2] = (float) mb;
				texture[t * TEXTURE] = (float) Math.sqrt(Math.max(0, ql / cells - ml * ml));
				texture[t * TEXTURE + 1] = (float) Math.sqrt(Math.max(0, qa / cells - ma * ma + qb / cells - mb * mb));
				texture[t * TEXTURE + 2] = (float) (gx / cells);
				texture[t * TEXTURE + 3] = (float) (gy / cells);
				double hx = 0, hy = 0;
				int hc = 0;
				for (int y = ty * halfCell; y < Math.min(half, (ty + 1) * halfCell); y++)
					for (int x = tx * halfCell; x < Math.min(half, (tx + 1) * halfCell); x++) {
						hx += Math.abs(lHalf[y * half + Math.min(half - 1, x + 1)] - lHalf[y * half + Math.max(0, x - 1)]);
						hy += Math.abs(lHalf[Math.min(half - 1, y + 1) * half + x] - lHalf[Math.max(0, y - 1) * half + x]);
						hc++;
					}
				texture[t * TEXTURE + 4] = (float) (hc > 0 ? hx / hc : 0);
				texture[t * TEXTURE + 5] = (float) (hc > 0 ? hy / hc : 0);
			}
		compressByMedian(texture, n, TEXTURE);
		float[] context = boxMean(colour, r, COLOUR, contextRadius);
		normalise(colour, n, COLOUR, colourFloor);
		normalise(texture, n, TEXTURE, 0.05);
		normalise(context, n, CONTEXT, colourFloor);

		float[] position = new float[n * POSITION];
		double side = Math.max(image.width(), image.height());
		for (int ty = 0; ty < r; ty++)
			for (int tx = 0; tx < r; tx++) {
				int t = ty * r + tx;
				position[t * POSITION] = (float) ((tx + 0.5) / r * image.width() / side);
				position[t * POSITION + 1] = (float) ((ty + 0.5) / r * image.height() / side);
			}
		return new TokenFeatures(r, colour, texture, context, position, l, s);
	}

	/** {@code v -> log(1 + v / median(v))} per dimension: compares texture strength by ratio. */
	private static void compressByMedian(float[] f, int n, int dims) {
		float[] column = new float[n];
		for (int d = 0; d < dims; d++) {
			for (int t = 0; t < n; t++) column[t] = f[t * dims + d];
			java.util.Arrays.sort(column);
			double median = column[n / 2];
			// a flat image has median texture 0: fall back to the mean, then to 1
			if (!(median > 1e-6)) {
				double sum = 0;
				for (float v : column) sum += v;
				median = sum / n > 1e-6 ? sum / n : 1;
			}
			for (int t = 0; t < n; t++) f[t * dims + d] = (float) Math.log1p(f[t * dims + d] / median);
		}
	}

	/** Divides a group by its RMS distance from its mean (at least {@code floor}). */
	private static void normalise(float[] f, int n, int dims, double floor) {
		double[] mean = new double[dims];
		for (int t = 0; t < n; t++)
			for (int d = 0; d < dims; d++) mean[d] += f[t * dims + d];
		for (int d = 0; d < dims; d++) mean[d] /= n;
		double ss = 0;
		for (int t = 0; t < n; t++)
			for (int d = 0; d < dims; d++) {
				double v = f[t * dims + d] - mean[d];
				ss += v * v;
			}
		double spread = Math.max(floor, Math.sqrt(ss / n));
		float inv = (float) (1 / spread);
		for (int i = 0; i < f.length; i++) f[i] *= inv;
	}

	/** Mean of a per-token vector over a square window of tokens, clamped at the grid border. */
	private static float[] boxMean(float[] f, int r, int dims, int radius) {
		float[] out = new float[f.length];
		for (int ty = 0; ty < r; ty++)
			for (int tx = 0; tx < r; tx++) {
				int count = 0;
				double[] sum = new double[dims];
				for (int y = Math.max(0, ty - radius); y <= Math.min(r - 1, ty + radius); y++)
					for (int x = Math.max(0, tx - radius); x <= Math.min(r - 1, tx + radius); x++) {
						for (int d = 0; d < dims; d++) sum[d] += f[(y * r + x) * dims + d];
						count++;
					}
				for (int d = 0; d < dims; d++) out[(ty * r + tx) * dims + d] = (float) (sum[d] / count);
			}
		return out;
	}
}
