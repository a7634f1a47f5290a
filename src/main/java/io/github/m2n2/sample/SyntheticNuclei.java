package io.github.m2n2.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A synthetic fluorescence field: blurred elliptic nuclei of uneven brightness on a dim,
 * uneven background with shot-like noise, as a 16-bit camera would record it, together with
 * its ground-truth labels. Deterministic for a seed, so tests and the sample data agree.
 */
public final class SyntheticNuclei {

	/** One nucleus: centre, half axes, orientation, label. */
	public static final class Nucleus {
		public final double cx, cy, ax, ay, angle;
		public final int label;

		Nucleus(double cx, double cy, double ax, double ay, double angle, int label) {
			this.cx = cx;
			this.cy = cy;
			this.ax = ax;
			this.ay = ay;
			this.angle = angle;
			this.label = label;
		}

		boolean contains(double x, double y, double grow) {
			double c = Math.cos(angle), s = Math.sin(angle);
			double u = (x - cx) * c + (y - cy) * s, v = -(x - cx) * s + (y - cy) * c;
			double a = ax + grow, b = ay + grow;
			return (u * u) / (a * a) + (v * v) / (b * b) <= 1;
		}
	}

	public final int width, height;
	/** 16-bit intensities (unsigned, stored in shorts). */
	public final short[] pixels;
	/** Ground truth: 0 background, k nucleus k. */
	public final short[] labels;
	public final List<Nucleus> nuclei;

	private SyntheticNuclei(int width, int height, short[] pixels, short[] labels, List<Nucleus> nuclei) {
		this.width = width;
		this.height = height;
		this.pixels = pixels;
		this.labels = labels;
		this.nuclei = nuclei;
	}

	public static SyntheticNuclei generate(int width, int height, int count, long seed) {
		Random rnd = new Random(seed);
		List<Nucleus> nuclei = new ArrayList<>();
		double scale = Math.min(width, height);
		int attempts = 0;
		while (nuclei.size() < count && attempts++ < count * 200) {
			double ax = scale * (0.045 + 0.035 * rnd.nextDouble());
			double ay = ax * (0.6 + 0.35 * rnd.nextDouble());
			double cx = ax + 4 + rnd.nextDouble() * (width - 2 * ax - 8);
			double cy = ax + 4 + rnd.nextDouble() * (height - 2 * ax - 8);
			Nucleus n = new Nucleus(cx, cy, ax, ay, rnd.nextDouble() * Math.PI, nuclei.size() + 1);
			boolean clear = true;
			for (Nucleus o : nuclei)
				if (Math.hypot(o.cx - cx, o.cy - cy) < o.ax + ax + scale * 0.02) clear = false;
			if (clear) nuclei.add(n);
		}
		short[] labels = new short[width * height];
		float[] signal = new float[width * height];
		double[] brightness = new double[nuclei.size()];
		for (int i = 0; i < brightness.length; i++) brightness[i] = 900 + 1400 * rnd.nextDouble();
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				int p = y * width + x;
				// uneven illumination
				signal[p] = (float) (120 + 60 * Math.sin(x * 3.0 / width) * Math.cos(y * 2.0 / height));
				for (Nucleus n : nuclei)
					if (n.contains(x + 0.5, y + 0.5, 0)) {
						labels[p] = (short) n.label;
						// chromatin texture inside the nucleus
						double tex = 1 + 0.15 * Math.sin(x * 0.7 + n.label) * Math.sin(y * 0.6 - n.label);
						signal[p] += (float) (brightness[n.label - 1] * tex);
					}
			}
		float[] blurred = blur(signal, width, height, 1.5);
		short[] pixels = new short[width * height];
		for (int p = 0; p < pixels.length; p++) {
			double v = blurred[p] + rnd.nextGaussian() * Math.sqrt(Math.max(1, blurred[p])) * 1.5;
			pixels[p] = (short) Math.max(0, Math.min(65535, Math.round(v)));
		}
		return new SyntheticNuclei(width, height, pixels, labels, nuclei);
	}

	/** Separable Gaussian blur, edges clamped. */
	static float[] blur(float[] in, int w, int h, double sigma) {
		int radius = (int) Math.ceil(3 * sigma);
		float[] k = new float[2 * radius + 1];
		double sum = 0;
		for (int i = -radius; i <= radius; i++) sum += k[i + radius] = (float) Math.exp(-0.5 * i * i / (sigma * sigma));
		for (int i = 0; i < k.length; i++) k[i] /= sum;
		float[] tmp = new float[in.length], out = new float[in.length];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				float s = 0;
				for (int i = -radius; i <= radius; i++) s += k[i + radius] * in[y * w + Math.max(0, Math.min(w - 1, x + i))];
				tmp[y * w + x] = s;
			}
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				float s = 0;
				for (int i = -radius; i <= radius; i++) s += k[i + radius] * tmp[Math.max(0, Math.min(h - 1, y + i)) * w + x];
				out[y * w + x] = s;
			}
		return out;
	}

	/** The pixel of nucleus {@code n} nearest its centre. */
	public int[] centre(Nucleus n) {
		return new int[] { (int) Math.floor(n.cx), (int) Math.floor(n.cy) };
	}
}
