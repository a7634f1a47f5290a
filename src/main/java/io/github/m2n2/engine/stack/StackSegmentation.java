package io.github.m2n2.engine.stack;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.integer.UnsignedShortType;

/**
 * Labels for every plane of a stack: object k carries label k on every plane it reaches, 0
 * elsewhere. A plane no object reached (or, without propagation, one without clicks) is all 0.
 */
public final class StackSegmentation {

	private final int width;
	private final int height;
	private final short[][] planes;

	StackSegmentation(int width, int height, short[][] planes) {
		this.width = width;
		this.height = height;
		this.planes = planes;
	}

	public int width() { return width; }

	/**
	 * These labels scaled to {@code w x h} planes, nearest neighbour ({@link
	 * io.github.m2n2.engine.NearestResize}), each click's pixel then given its click's label on
	 * its plane: a segmentation of a working copy brought back to the full-size stack.
	 */
	public StackSegmentation resized(int w, int h, java.util.List<PlaneClick> clicks) {
		if (w == width && h == height) return this;
		short[][] out = new short[planes.length][];
		for (int p = 0; p < planes.length; p++)
			if (planes[p] != null) out[p] = io.github.m2n2.engine.NearestResize.up(planes[p], width, height, w, h);
		for (PlaneClick c : clicks)
			if (out[c.plane()] != null) out[c.plane()][c.y() * w + c.x()] = (short) c.label();
		return new StackSegmentation(w, h, out);
	}

	public int height() { return height; }

	public int planes() { return planes.length; }

	/** Whether any label was computed on this plane. */
	public boolean segmented(int plane) { return planes[plane] != null; }

	/** Row-major labels of one plane (a fresh array of zeros when nothing reached it); do not modify. */
	public short[] labels(int plane) {
		return planes[plane] != null ? planes[plane] : new short[width * height];
	}

	public int label(int x, int y, int plane) {
		return planes[plane] == null ? 0 : planes[plane][y * width + x] & 0xffff;
	}

	/** Largest label on any plane. */
	public int maxLabel() {
		int max = 0;
		for (short[] p : planes)
			if (p != null) for (short s : p) max = Math.max(max, s & 0xffff);
		return max;
	}

	/** Voxels per label over the whole stack, index = label. */
	public long[] voxelsPerLabel() {
		long[] counts = new long[maxLabel() + 1];
		for (short[] p : planes) {
			if (p == null) {
				counts[0] += (long) width * height;
				continue;
			}
			for (short s : p) counts[s & 0xffff]++;
		}
		return counts;
	}

	/** The planes that hold label {@code k}. */
	public int[] planesOf(int k) {
		return java.util.stream.IntStream.range(0, planes.length).filter(p -> {
			if (planes[p] == null) return false;
			for (short s : planes[p]) if ((s & 0xffff) == k) return true;
			return false;
		}).toArray();
	}

	/** All planes as one X-Y-plane ImgLib2 image (a copy in one array). */
	public ArrayImg<UnsignedShortType, ShortArray> labelImg() {
		short[] all = new short[width * height * planes.length];
		for (int p = 0; p < planes.length; p++)
			if (planes[p] != null) System.arraycopy(planes[p], 0, all, p * width * height, width * height);
		return ArrayImgs.unsignedShorts(all, width, height, planes.length);
	}
}
