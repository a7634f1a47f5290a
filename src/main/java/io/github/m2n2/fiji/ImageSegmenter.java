package io.github.m2n2.fiji;

import java.util.List;

import ij.ImagePlus;

import io.github.m2n2.backbone.BackboneException;
import io.github.m2n2.input.UserError;
import io.github.m2n2.input.PointsParser;
import io.github.m2n2.engine.Click;
import io.github.m2n2.engine.GuideImage;
import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.engine.Segmentation;
import io.github.m2n2.engine.SegmentationSession;
import io.github.m2n2.io.ImagePlusGuide;

/** Segments the current plane of an ImageJ image from clicks, through the shared cache. */
public final class ImageSegmenter {

	private final SessionCache cache;

	public ImageSegmenter(SessionCache cache) {
		this.cache = cache;
	}

	/**
	 * @throws UserError for mistakes the user can fix (no points, points outside, bad settings,
	 *                   a backbone that cannot run); the message is meant to be shown as is
	 */
	public LabelResult segment(ImagePlus imp, List<Click> clicks, SegmentationRequest request, ProgressListener progress) {
		// have the matrix loops compiled while the guide and attention are made (once per JVM)
		io.github.m2n2.engine.TransitionMatrix.warmUpInBackground();
		try {
			request.validate();
		} catch (IllegalArgumentException e) {
			throw new UserError(e.getMessage());
		}
		GuideImage guide = ImagePlusGuide.of(imp, request.grey);
		check(clicks, guide.width(), guide.height());
		WorkingCopy copy = WorkingCopy.of(guide, request.workingSize);
		String plane = "plane " + imp.getCurrentSlice() + (imp.isComposite() ? " mode " + imp.getCompositeMode() : "");
		try {
			SegmentationSession session = cache.session(imp.getID(), plane, copy.working, request, progress);
			Segmentation seg;
			synchronized (session) {
				seg = session.segment(copy.toWorking(clicks), progress);
			}
			return new LabelResult(copy.toFull(seg.labelImg(), clicks), clicks, copy.note());
		} catch (BackboneException e) {
			throw new UserError(e.getMessage());
		} catch (OutOfMemoryError e) {
			cache.release(imp.getID());
			throw new UserError("Out of memory: choose a smaller resolution or working size, or give ImageJ more memory (Edit > Options > Memory).");
		}
	}

	/** Images with a side below this are refused: there is no object to find in a few pixels. */
	static final int MIN_SIDE = 8;

	/** Names the first problem with the image or the clicks, in the words of someone clicking in ImageJ. */
	public static void check(List<Click> clicks, int width, int height) {
		if (width < MIN_SIDE || height < MIN_SIDE)
			throw new UserError("The image is " + width + " x " + height + " pixels: too small to segment (M2N2 needs at least " + MIN_SIDE
				+ " x " + MIN_SIDE + "; enlarge it with Image > Scale if it is a crop).");
		if (clicks.isEmpty())
			throw new UserError("No points: click the objects with the multi-point tool (on this plane), draw a line along one or a rectangle "
				+ "or oval around one, or give points as x,y,label;x,y,label.");
		for (Click c : clicks)
			if (c.x() < 0 || c.y() < 0 || c.x() >= width || c.y() >= height)
				throw new UserError("The point " + c.x() + "," + c.y() + " lies outside the " + width + " x " + height + " image.");
		if (clicks.stream().allMatch(Click::isBackground))
			throw new UserError("Every point is background (counter 0 / label 0): add at least one object point (counter or label 1 or more).");
		PointsParser.requireOneLabelPerPixel(clicks, "The point");
	}
}
