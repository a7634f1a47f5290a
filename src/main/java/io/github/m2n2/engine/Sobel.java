package io.github.m2n2.engine;

/**
 * Sobel gradient magnitude, as a correlation with {@code [1 0 -1; 2 0 -2; 1 0 -1]} and its
 * transpose, mirrored at the border without repeating the edge pixel (beside x[0] lies x[1]).
 */
public final class Sobel {

	private Sobel() { }

	public static float[] magnitude(float[] img, int w, int h) {
		float[] out = new float[w * h];
		for (int y = 0; y < h; y++) {
			int ym = mirror(y - 1, h), yp = mirror(y + 1, h);
			for (int x = 0; x < w; x++) {
				int xm = mirror(x - 1, w), xp = mirror(x + 1, w);
				float a = img[ym * w + xm], b = img[ym * w + x], c = img[ym * w + xp];
				float d = img[y * w + xm], f = img[y * w + xp];
				float g = img[yp * w + xm], hh = img[yp * w + x], i = img[yp * w + xp];
				float gx = (a + 2 * d + g) - (c + 2 * f + i);
				float gy = (a + 2 * b + c) - (g + 2 * hh + i);
				out[y * w + x] = (float) Math.sqrt(gx * gx + gy * gy);
			}
		}
		return out;
	}

	static int mirror(int i, int n) {
		if (n == 1) return 0;
		if (i < 0) return -i;
		if (i >= n) return 2 * n - 2 - i;
		return i;
	}
}
