package io.github.m2n2.fiji;

import java.util.List;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import io.github.m2n2.engine.Click;

/** A segmentation at the size of the user's image, with the clicks it came from. */
public final class LabelResult {

	private final ArrayImg<UnsignedShortType, ShortArray> labelImg;
	private final int width;
	private final int height;
	private final short[] labels;
	private final List<Click> clicks;
	private final String note;

	LabelResult(ArrayImg<UnsignedShortType, ShortArray> labelImg, List<Click> clicks, String note) {
		this.labelImg = labelImg;
		this.width = (int) labelImg.dimension(0);
		this.height = (int) labelImg.dimension(1);
		this.labels = labelImg.update(null).getCurrentStorageArray();
		this.clicks = List.copyOf(clicks);
		this.note = note;
	}

	public int width() { return width; }

	public int height() { return height; }

	LabelResult(int width, int height, short[] labels, List<Click> clicks, String note) {
		this(ArrayImgs.unsignedShorts(labels, width, height), clicks, note);
	}

	/** Row-major unsigned 16-bit labels, the storage of {@link #labelImg()}; do not modify. */
	public short[] labels() { return labels; }

	/** The labels as an ImgLib2 image (X, Y); do not modify. */
	public ArrayImg<UnsignedShortType, ShortArray> labelImg() { return labelImg; }

	public int label(int x, int y) { return labels[y * width + x] & 0xffff; }

	public List<Click> clicks() { return clicks; }

	/** Something the user should know about how this was computed (a working copy), or null. */
	public String note() { return note; }

	/** Labels above 0 that have at least one pixel, ascending. */
	public int[] objectLabels() {
		boolean[] seen = new boolean[65536];
		for (short s : labels) seen[s & 0xffff] = true;
		int n = 0;
		for (int k = 1; k < seen.length; k++) if (seen[k]) n++;
		int[] out = new int[n];
		n = 0;
		for (int k = 1; k < seen.length; k++) if (seen[k]) out[n++] = k;
		return out;
	}
}
