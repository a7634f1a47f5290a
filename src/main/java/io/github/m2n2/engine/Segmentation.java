package io.github.m2n2.engine;

import java.util.List;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.integer.UnsignedShortType;

/** The result of one segmentation: a label per pixel (0 background, k object k). */
public final class Segmentation {

	private final int width;
	private final int height;
	private final short[] labels;
	private final List<Click> clicks;
	private final float[] thresholds;
	private final float[][] distances;

	Segmentation(int width, int height, short[] labels, List<Click> clicks, float[] thresholds, float[][] distances) {
		this.width = width;
		this.height = height;
		this.labels = labels;
		this.clicks = List.copyOf(clicks);
		this.thresholds = thresholds;
		this.distances = distances;
	}

	public int width() { return width; }

	public int height() { return height; }

	/** Row-major labels as unsigned 16-bit values; do not modify. */
	public short[] labels() { return labels; }

	public int label(int x, int y) { return labels[y * width + x] & 0xffff; }

	/** The labels as an ImgLib2 image over the same memory. */
	public ArrayImg<UnsignedShortType, ShortArray> labelImg() {
		return ArrayImgs.unsignedShorts(labels, width, height);
	}

	public List<Click> clicks() { return clicks; }

	/** Click {@code i}'s chosen threshold {@code tau*} on its distance map. */
	public float threshold(int i) { return thresholds[i]; }

	/** Click {@code i}'s distance map D in [0, 1] (shared, do not modify). */
	public float[] distanceMap(int i) { return distances[i]; }

	/** Click {@code i}'s map divided by its threshold: its region is where this is <= 1. */
	public float[] scaledDistanceMap(int i) {
		float[] d = distances[i];
		float inv = 1f / Math.max(thresholds[i], NearestPromptMerge.MIN_THRESHOLD);
		float[] out = new float[d.length];
		for (int p = 0; p < d.length; p++) out[p] = d[p] * inv;
		return out;
	}

	/** Largest label present. */
	public int maxLabel() {
		int max = 0;
		for (short s : labels) max = Math.max(max, s & 0xffff);
		return max;
	}

	/** Pixel count per label, index = label. */
	public long[] pixelsPerLabel() {
		long[] counts = new long[maxLabel() + 1];
		for (short s : labels) counts[s & 0xffff]++;
		return counts;
	}

	/** Distinct object labels (excluding background) that have at least one pixel. */
	public int objectCount() {
		int count = 0;
		long[] c = pixelsPerLabel();
		for (int k = 1; k < c.length; k++) if (c[k] > 0) count++;
		return count;
	}
}
