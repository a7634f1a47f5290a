package io.github.m2n2.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic stacks with ground truth, deterministic for a seed: a z-stack of nuclei
 * (ellipsoids of several sizes and brightness, some pairs touching, blurred, noisy, with
 * planes further apart than pixels as in most microscopes) and a time-lapse of cells drifting
 * across the field (one of them leaving it). In the truth each label is one 3D nucleus or one
 * cell's track.
 */
public final class SyntheticStack {

	/** Camera-like intensities, plane after plane, row major (unsigned 16-bit in shorts). */
	public final short[] pixels;
	/** Ground truth in the same layout: 0 background, k object k. */
	public final short[] labels;
	public final int width, height, planes;
	/** Number of objects (labels 1..objects). */
	public final int objects;
	/** {@code true} for a time-lapse (planes are frames), {@code false} for a z-stack. */
	public final boolean timeLapse;
	/** Plane spacing in pixel widths (z-stacks); 1 for time-lapses. */
	public final double planeSpacing;

	private SyntheticStack(int width, int height, int planes, short[] pixels, short[] labels, int objects, boolean timeLapse,
		double planeSpacing) {
		this.width = width;
		this.height = height;
		this.planes = planes;
		this.pixels = pixels;
		this.labels = labels;
		this.objects = objects;
		this.timeLapse = timeLapse;
		this.planeSpacing = planeSpacing;
	}

	/** One plane of the intensities (a copy). */
	public short[] pixelPlane(int p) {
		short[] out = new short[width * height];
		System.arraycopy(pixels, p * width * height, out, 0, out.length);
		return out;
	}

	/** One plane of the truth (a copy). */
	public short[] labelPlane(int p) {
		short[] out = new short[width * height];
		System.arraycopy(labels, p * width * height, out, 0, out.length);
		return out;
	}

	/**
	 * Nuclei in a z-stack.
	 *
	 * @param spacing plane spacing in pixel widths (anisotropy; 2 to 5 is typical)
	 */
	public static SyntheticStack nuclei(int width, int height, int depth, int count, double spacing, long seed) {
		Random rnd = new Random(seed);
		double scale = Math.min(width, height);
		double zExtent = depth * spacing;
		List<double[]> balls = new ArrayList<>(); // cx, cy, cz (pixels), rx, ry, rz, angle, brightness
		int attempts = 0;
		while (balls.size() < count && attempts++ < count * 300) {
			double rx = scale * (0.07 + 0.07 * rnd.nextDouble());
			double ry = rx * (0.7 + 0.3 * rnd.nextDouble());
			double rz = Math.min(zExtent * 0.35, rx * (0.8 + 0.4 * rnd.nextDouble()));
			double cx, cy, cz;
			boolean touching = balls.size() % 3 == 2;
			if (touching) {
				// the previous nucleus gets a neighbour pressed against it
				double[] o = balls.get(balls.size() - 1);
				double a = rnd.nextDouble() * 2 * Math.PI;
				double d = (o[3] + rx) * 0.95;
				cx = o[0] + d * Math.cos(a);
				cy = o[1] + d * Math.sin(a);
				cz = o[2] + (rnd.nextDouble() - 0.5) * spacing * 2;
			} else {
				cx = rx + 2 + rnd.nextDouble() * (width - 2 * rx - 4);
				cy = rx + 2 + rnd.nextDouble() * (height - 2 * rx - 4);
				cz = rz * 0.6 + rnd.nextDouble() * Math.max(1, zExtent - 1.2 * rz);
			}
			if (cx - rx < 1 || cy - rx < 1 || cx + rx > width - 1 || cy + rx > height - 1) continue;
			boolean clear = true;
			for (int i = 0; i < balls.size(); i++) {
				double[] o = balls.get(i);
				double gap = Math.hypot(Math.hypot(o[0] - cx, o[1] - cy), (o[2] - cz) * 0.5);
				boolean partner = touching && i == balls.size() - 1;
				if (!partner && gap < o[3] + rx + 3) clear = false;
			}
			if (!clear) continue;
			balls.add(new double[] { cx, cy, cz, rx, ry, rz, rnd.nextDouble() * Math.PI, 700 + 1500 * rnd.nextDouble() });
		}
		int plane = width * height;
		short[] labels = new short[plane * depth];
		float[] signal = new float[plane * depth];
		for (int z = 0; z < depth; z++) {
			double pz = (z + 0.5) * spacing;
			for (int y = 0; y < height; y++)
				for (int x = 0; x < width; x++) {
					int i = z * plane + y * width + x;
					signal[i] = (float) (110 + 40 * Math.sin(x * 2.5 / width + z * 0.1) * Math.cos(y * 2.0 / height));
					double best = 1;
					int label = 0;
					for (int k = 0; k < balls.size(); k++) {
						double[] b = balls.get(k);
						double c = Math.cos(b[6]), s = Math.sin(b[6]);
						double u = (x + 0.5 - b[0]) * c + (y + 0.5 - b[1]) * s, v = -(x + 0.5 - b[0]) * s + (y + 0.5 - b[1]) * c;
						double w = pz - b[2];
						double r = u * u / (b[3] * b[3]) + v * v / (b[4] * b[4]) + w * w / (b[5] * b[5]);
						if (r <= best) {
							best = r;
							label = k + 1;
						}
					}
					if (label > 0) {
						double[] b = balls.get(label - 1);
						double tex = 1 + 0.15 * Math.sin(x * 0.6 + label) * Math.sin(y * 0.5 - label + z);
						// dimmer towards the rim, as a nucleus is thinner there
						signal[i] += (float) (b[7] * tex * (1 - 0.35 * best));
						labels[i] = (short) label;
					}
				}
		}
		return new SyntheticStack(width, height, depth, camera(signal, width, height, depth, 0.8, rnd), labels, balls.size(), false,
			spacing);
	}

	/**
	 * Cells drifting across the field over {@code frames} frames, each a slowly turning ellipse;
	 * the first cell drifts out of the field before the end.
	 */
	public static SyntheticStack movingCells(int width, int height, int frames, int count, long seed) {
		Random rnd = new Random(seed);
		double scale = Math.min(width, height);
		List<double[]> cells = new ArrayList<>(); // cx, cy, vx, vy, rx, ry, angle, spin, brightness
		int attempts = 0;
		while (cells.size() < count && attempts++ < count * 300) {
			double rx = scale * (0.07 + 0.05 * rnd.nextDouble()), ry = rx * (0.6 + 0.3 * rnd.nextDouble());
			double cx = rx + 3 + rnd.nextDouble() * (width - 2 * rx - 6), cy = rx + 3 + rnd.nextDouble() * (height - 2 * rx - 6);
			boolean clear = true;
			for (double[] o : cells) if (Math.hypot(o[0] - cx, o[1] - cy) < o[4] + rx + 6) clear = false;
			if (!clear) continue;
			double speed = scale * (0.006 + 0.01 * rnd.nextDouble()), dir = rnd.nextDouble() * 2 * Math.PI;
			cells.add(new double[] { cx, cy, speed * Math.cos(dir), speed * Math.sin(dir), rx, ry, rnd.nextDouble() * Math.PI,
				(rnd.nextDouble() - 0.5) * 0.1, 700 + 1500 * rnd.nextDouble() });
		}
		if (!cells.isEmpty()) {
			// the leaver: heads for the nearest edge fast enough to be gone by two thirds of the run
			double[] c = cells.get(0);
			double toLeft = c[0], toRight = width - c[0];
			double v = (Math.min(toLeft, toRight) + 2 * c[4]) / Math.max(1, frames * 0.6);
			c[2] = toLeft < toRight ? -v : v;
			c[3] = 0;
		}
		int plane = width * height;
		short[] labels = new short[plane * frames];
		float[] signal = new float[plane * frames];
		for (int t = 0; t < frames; t++) {
			for (int y = 0; y < height; y++)
				for (int x = 0; x < width; x++) {
					int i = t * plane + y * width + x;
					signal[i] = (float) (110 + 40 * Math.sin(x * 2.5 / width) * Math.cos(y * 2.0 / height + t * 0.05));
					double best = 1;
					int label = 0;
					for (int k = 0; k < cells.size(); k++) {
						double[] c = cells.get(k);
						double cs = Math.cos(c[6]), sn = Math.sin(c[6]);
						double u = (x + 0.5 - c[0]) * cs + (y + 0.5 - c[1]) * sn, v = -(x + 0.5 - c[0]) * sn + (y + 0.5 - c[1]) * cs;
						double r = u * u / (c[4] * c[4]) + v * v / (c[5] * c[5]);
						if (r <= best) {
							best = r;
							label = k + 1;
						}
					}
					if (label > 0) {
						double[] c = cells.get(label - 1);
						double tex = 1 + 0.15 * Math.sin(x * 0.6 + label) * Math.sin(y * 0.5 - label);
						signal[i] += (float) (c[8] * tex * (1 - 0.3 * best));
						labels[i] = (short) label;
					}
				}
			for (int k = 0; k < cells.size(); k++) {
				double[] c = cells.get(k);
				c[0] += c[2];
				c[1] += c[3];
				c[6] += c[7];
				if (k == 0) continue;
				// the others bounce off the edges and stay in the field
				if (c[0] < c[4] || c[0] > width - c[4]) c[2] = -c[2];
				if (c[1] < c[4] || c[1] > height - c[4]) c[3] = -c[3];
			}
		}
		return new SyntheticStack(width, height, frames, camera(signal, width, height, frames, 0, rnd), labels, cells.size(), true, 1);
	}

	/** Optics blur (xy, and along planes when {@code sigmaPlanes > 0}), then shot-like noise. */
	private static short[] camera(float[] signal, int w, int h, int planes, double sigmaPlanes, Random rnd) {
		int plane = w * h;
		float[] blurred = new float[signal.length];
		for (int p = 0; p < planes; p++) {
			float[] one = new float[plane];
			System.arraycopy(signal, p * plane, one, 0, plane);
			System.arraycopy(SyntheticNuclei.blur(one, w, h, 1.3), 0, blurred, p * plane, plane);
		}
		if (sigmaPlanes > 0) {
			int radius = (int) Math.ceil(3 * sigmaPlanes);
			double[] k = new double[2 * radius + 1];
			double sum = 0;
			for (int i = -radius; i <= radius; i++) sum += k[i + radius] = Math.exp(-0.5 * i * i / (sigmaPlanes * sigmaPlanes));
			float[] out = new float[blurred.length];
			for (int p = 0; p < planes; p++)
				for (int i = 0; i < plane; i++) {
					double s = 0;
					for (int d = -radius; d <= radius; d++) s += k[d + radius] * blurred[Math.max(0, Math.min(planes - 1, p + d)) * plane + i];
					out[p * plane + i] = (float) (s / sum);
				}
			blurred = out;
		}
		short[] pixels = new short[signal.length];
		for (int i = 0; i < pixels.length; i++) {
			double v = blurred[i] + rnd.nextGaussian() * Math.sqrt(Math.max(1, blurred[i])) * 1.5;
			pixels[i] = (short) Math.max(0, Math.min(65535, Math.round(v)));
		}
		return pixels;
	}
}
