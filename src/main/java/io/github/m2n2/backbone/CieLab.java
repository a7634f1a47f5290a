package io.github.m2n2.backbone;

/**
 * sRGB in [0, 1] to CIELAB (D65 white): a colour space where Euclidean distance roughly
 * follows perceived difference, so one colour bandwidth suits dark and bright, grey and
 * saturated regions alike. L lies in [0, 100], a and b in about [-100, 100].
 */
final class CieLab {

	private static final double XN = 0.95047, YN = 1.0, ZN = 1.08883;

	private CieLab() { }

	/** Converts three channel arrays; returns {@code {L, a, b}}. */
	static float[][] fromSrgb(float[] red, float[] green, float[] blue) {
		int n = red.length;
		float[] l = new float[n], a = new float[n], b = new float[n];
		for (int i = 0; i < n; i++) {
			double r = linear(red[i]), g = linear(green[i]), bl = linear(blue[i]);
			double x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * bl) / XN;
			double y = (0.2126729 * r + 0.7151522 * g + 0.0721750 * bl) / YN;
			double z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * bl) / ZN;
			double fx = f(x), fy = f(y), fz = f(z);
			l[i] = (float) (116 * fy - 16);
			a[i] = (float) (500 * (fx - fy));
			b[i] = (float) (200 * (fy - fz));
		}
		return new float[][] { l, a, b };
	}

	/** sRGB transfer function inverted. */
	static double linear(double c) {
		c = Math.max(0, Math.min(1, c));
		return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
	}

	private static double f(double t) {
		final double d = 6.0 / 29;
		return t > d * d * d ? Math.cbrt(t) : t / (3 * d * d) + 4.0 / 29;
	}
}
