package io.github.m2n2.eval;

/** One 3D object (or one track through time) of a label stack: its voxels, plane after plane. */
public final class StackGroundTruth {

	private final int width;
	private final int height;
	private final int planes;
	private final boolean[] object;
	private final int label;

	/** @param object {@code width * height * planes} voxels, plane after plane, row major */
	public StackGroundTruth(int width, int height, int planes, boolean[] object, int label) {
		if (object.length != (long) width * height * planes) throw new IllegalArgumentException("mask does not match " + width + " x " + height + " x " + planes);
		this.width = width;
		this.height = height;
		this.planes = planes;
		this.object = object;
		this.label = label;
	}

	/** Object {@code k} of a label stack (plane after plane); other objects count as background. */
	public static StackGroundTruth fromLabels(int width, int height, int planes, int[] values, int k) {
		boolean[] obj = new boolean[values.length];
		for (int i = 0; i < values.length; i++) obj[i] = values[i] == k;
		return new StackGroundTruth(width, height, planes, obj, k);
	}

	public int width() { return width; }

	public int height() { return height; }

	public int planes() { return planes; }

	public int label() { return label; }

	public boolean isObject(int x, int y, int plane) { return object[(plane * height + y) * width + x]; }

	/** The object's pixels on one plane (a copy). */
	public boolean[] plane(int p) {
		boolean[] m = new boolean[width * height];
		System.arraycopy(object, p * width * height, m, 0, m.length);
		return m;
	}

	/** IoU over all voxels; 1 when both are empty. */
	public double iou(boolean[] predicted) {
		long inter = 0, union = 0;
		for (int i = 0; i < object.length; i++) {
			if (object[i] && predicted[i]) inter++;
			if (object[i] || predicted[i]) union++;
		}
		return union == 0 ? 1.0 : (double) inter / union;
	}
}
