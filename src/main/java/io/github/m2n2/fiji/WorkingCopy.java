package io.github.m2n2.fiji;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import io.github.m2n2.engine.Click;
import io.github.m2n2.engine.GuideImage;
import io.github.m2n2.engine.NearestResize;

/**
 * A downsampled stand-in for an image too large to segment interactively: clicks go down to
 * it, labels come back up to full size (nearest neighbour), so outputs always match the
 * user's image. Attention only sees an 8r x 8r copy anyway; what a smaller working copy loses
 * is edge detail of the upsampler and the flood fill.
 */
final class WorkingCopy {

	final GuideImage full;
	final GuideImage working;

	private final int workingSize;

	private WorkingCopy(GuideImage full, GuideImage working, int workingSize) {
		this.full = full;
		this.working = working;
		this.workingSize = workingSize;
	}

	/**
	 * Scaling the long side down to {@code maxSide} must not squash the short side below
	 * {@code maxSide / SHORTEST_FRACTION}: a 20000 x 200 strip would become 1024 x 10, too few
	 * rows to tell an object's edge from its neighbour's. Such images keep more of their short
	 * side, up to the pixel count of a {@code maxSide} square (10240 x 102 for that strip).
	 */
	static final int SHORTEST_FRACTION = 8;

	static WorkingCopy of(GuideImage full, int maxSide) {
		int[] size = size(full.width(), full.height(), maxSide);
		if (size == null) return new WorkingCopy(full, full, maxSide);
		return new WorkingCopy(full, full.resized(size[0], size[1]), maxSide);
	}

	/** The working copy's width and height for a {@code w x h} image, or null when it is used at full size. */
	static int[] size(int w, int h, int maxSide) {
		int longest = Math.max(w, h), shortest = Math.min(w, h);
		if (longest <= maxSide) return null;
		double scale = (double) maxSide / longest;
		double floor = (double) maxSide / SHORTEST_FRACTION;
		if (shortest * scale < floor) scale = Math.min(Math.min(1, floor / shortest), maxSide / Math.sqrt((double) w * h));
		scale = Math.max(scale, (double) maxSide / longest);
		if (scale >= 1) return null;
		return new int[] { Math.max(1, (int) Math.round(w * scale)), Math.max(1, (int) Math.round(h * scale)) };
	}

	boolean downsampled() { return working != full; }

	/** One line for the user, or null when the image was segmented at full size. */
	String note() {
		if (!downsampled()) return null;
		return "M2N2 segmented a " + working.width() + " x " + working.height() + " working copy of this " + full.width() + " x "
			+ full.height() + " image (working size " + workingSize
			+ "); the labels were scaled back to full size. Raise the working size for finer edges.";
	}

	List<Click> toWorking(List<Click> clicks) {
		if (!downsampled()) return clicks;
		List<Click> out = new ArrayList<>(clicks.size());
		for (Click c : clicks) out.add(new Click(down(c.x(), full.width(), working.width()), down(c.y(), full.height(), working.height()), c.label()));
		return out;
	}

	/** Full-size labels; click pixels keep their own label as the specification's last step asks. */
	ArrayImg<UnsignedShortType, ShortArray> toFull(ArrayImg<UnsignedShortType, ShortArray> workingLabels, List<Click> fullClicks) {
		if (!downsampled()) return workingLabels;
		short[] labels = workingLabels.update(null).getCurrentStorageArray();
		int w = full.width(), h = full.height();
		short[] out = NearestResize.up(labels, working.width(), working.height(), w, h);
		for (Click c : fullClicks) out[c.y() * w + c.x()] = (short) c.label();
		return ArrayImgs.unsignedShorts(out, w, h);
	}

	private static int down(int v, int fullSize, int workingSize) {
		return NearestResize.down(v, fullSize, workingSize);
	}
}
