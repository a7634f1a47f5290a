package io.github.m2n2.engine;

/**
 * Non-finite grey values (NaN, infinities) that are dead pixels or dead lines rather than
 * masked areas. A grey mapping counts a non-finite value as background, which is right for a
 * masked area (a ratio image's division by zero outside the cells) but wrong for one dead pixel
 * inside a nucleus: a click there got a region of that one pixel, and a dead row cut an object
 * in two. A non-finite pixel with finite values on both sides along some direction (left and
 * right, above and below, or a diagonal) lies in a structure one pixel thin, so it takes the mean
 * of its finite 8-neighbours; the pixels of a larger non-finite area keep their value (the
 * finite neighbours of its rim lie on one side only).
 */
public final class DeadPixels {

	private DeadPixels() { }

	/** Fills the thin non-finite pixels of a {@code width x height} plane in place (from the plane as given, not from pixels filled before). */
	public static void fill(float[] v, int width, int height) {
		boolean any = false;
		for (float f : v)
			if (!Float.isFinite(f)) {
				any = true;
				break;
			}
		if (!any) return;
		float[] in = v.clone();
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				int p = y * width + x;
				if (Float.isFinite(in[p])) continue;
				boolean thin = finite(in, width, height, x - 1, y) && finite(in, width, height, x + 1, y)
					|| finite(in, width, height, x, y - 1) && finite(in, width, height, x, y + 1)
					|| finite(in, width, height, x - 1, y - 1) && finite(in, width, height, x + 1, y + 1)
					|| finite(in, width, height, x + 1, y - 1) && finite(in, width, height, x - 1, y + 1);
				if (!thin) continue;
				double sum = 0;
				int count = 0;
				for (int dy = -1; dy <= 1; dy++)
					for (int dx = -1; dx <= 1; dx++)
						if (finite(in, width, height, x + dx, y + dy)) {
							sum += in[(y + dy) * width + x + dx];
							count++;
						}
				v[p] = (float) (sum / count);
			}
	}

	private static boolean finite(float[] v, int width, int height, int x, int y) {
		return x >= 0 && y >= 0 && x < width && y < height && Float.isFinite(v[y * width + x]);
	}
}
