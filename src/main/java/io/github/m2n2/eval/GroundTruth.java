package io.github.m2n2.eval;

import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One object to segment: which pixels are the object and which are to be ignored (neither
 * clicked nor counted). Everything else is background.
 */
public final class GroundTruth {

	/** The grey value GrabCut-style masks use for the uncertain band along the boundary. */
	public static final int IGNORE_VALUE = 128;

	private final int width;
	private final int height;
	private final boolean[] object;
	private final boolean[] ignore;
	private final int label;

	public GroundTruth(int width, int height, boolean[] object, boolean[] ignore, int label) {
		if (object.length != width * height || ignore.length != width * height)
			throw new IllegalArgumentException("mask arrays do not match " + width + " x " + height);
		this.width = width;
		this.height = height;
		this.object = object;
		this.ignore = ignore;
		this.label = label;
	}

	/**
	 * A single-object mask: 128 is ignore, 0 background, any other value the object (label 1).
	 */
	public static GroundTruth fromBinaryMask(int width, int height, int[] values) {
		boolean[] obj = new boolean[values.length], ign = new boolean[values.length];
		for (int i = 0; i < values.length; i++) {
			ign[i] = values[i] == IGNORE_VALUE;
			obj[i] = values[i] != 0 && !ign[i];
		}
		return new GroundTruth(width, height, obj, ign, 1);
	}

	/** Object {@code k} of a label image; every other value, other objects included, is background. */
	public static GroundTruth fromLabelImage(int width, int height, int[] values, int k) {
		boolean[] obj = new boolean[values.length];
		for (int i = 0; i < values.length; i++) obj[i] = values[i] == k;
		return new GroundTruth(width, height, obj, new boolean[values.length], k);
	}

	/** The object labels (non-zero values) present in a label image, ascending. */
	public static SortedSet<Integer> labelsIn(int[] values) {
		SortedSet<Integer> s = new TreeSet<>();
		for (int v : values) if (v != 0) s.add(v);
		return s;
	}

	public int width() { return width; }

	public int height() { return height; }

	/** The label of this object in its mask (1 for single-object masks). */
	public int label() { return label; }

	public boolean isObject(int i) { return object[i]; }

	public boolean isIgnored(int i) { return ignore[i]; }

	public boolean[] objectMask() { return object; }

	public long objectPixels() {
		long n = 0;
		for (boolean b : object) if (b) n++;
		return n;
	}

	/**
	 * Intersection over union of a predicted object mask with this object, over the
	 * non-ignored pixels; 1 when both are empty there.
	 */
	public double iou(boolean[] predicted) {
		long inter = 0, union = 0;
		for (int i = 0; i < object.length; i++) {
			if (ignore[i]) continue;
			boolean p = predicted[i], g = object[i];
			if (p && g) inter++;
			if (p || g) union++;
		}
		return union == 0 ? 1.0 : (double) inter / union;
	}
}
