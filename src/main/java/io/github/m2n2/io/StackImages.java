package io.github.m2n2.io;

import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import io.github.m2n2.engine.GuideImage;
import io.github.m2n2.engine.stack.GreyStackGuides;
import io.github.m2n2.engine.stack.PlaneGuides;
import io.github.m2n2.engine.stack.StackSegmentation;

/**
 * An ImageJ stack seen along one axis (slices or frames): its planes as hyperslices of the
 * n-d ImgLib2 image over ImageJ's own pixel arrays (no copy), and label stacks written back
 * with the input's dimensions and calibration.
 */
public final class StackImages {

	/** The axis planes are taken along. */
	public enum Axis {
		Z("z", "slice"), T("t", "frame");

		public final String column;
		public final String word;

		Axis(String column, String word) {
			this.column = column;
			this.word = word;
		}

		/** z when the image has several slices, else t. */
		public static Axis defaultFor(ImagePlus imp) {
			return imp.getNSlices() > 1 || imp.getNFrames() <= 1 ? Z : T;
		}
	}

	private StackImages() { }

	/** Whether the image has several slices or frames (channels alone do not make a stack). */
	public static boolean isStack(ImagePlus imp) {
		return imp.getNSlices() > 1 || imp.getNFrames() > 1;
	}

	public static int planes(ImagePlus imp, Axis axis) {
		return axis == Axis.Z ? imp.getNSlices() : imp.getNFrames();
	}

	/**
	 * ImageJ's stack index (1-based) of plane {@code plane} (0-based) along {@code axis}, at
	 * channel {@code channel} and, on the other axis, {@code other} (both 1-based).
	 */
	public static int stackIndex(ImagePlus imp, Axis axis, int channel, int other, int plane) {
		return axis == Axis.Z ? imp.getStackIndex(channel, plane + 1, other) : imp.getStackIndex(channel, other, plane + 1);
	}

	/**
	 * The planes along {@code axis} at one channel and one position on the other axis. Grey
	 * images are the n-d {@link ImagePlusImgs#wrap(ImagePlus)} over the stack's own arrays, cut
	 * down by hyperslices to X, Y and the plane axis, mapped by {@code grey} with one mapping for
	 * all these planes (the display range is the channel's); colour images are read plane by plane.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public static PlaneGuides planes(ImagePlus imp, Axis axis, int channel, int other, ImagePlusGuide.GreyMapping grey) {
		int n = planes(imp, axis);
		if (imp.getType() != ImagePlus.COLOR_RGB && imp.getType() != ImagePlus.COLOR_256) {
			List<Character> axes = ImagePlusImgs.axes(imp);
			char along = axis == Axis.Z ? 'Z' : 'T';
			RandomAccessibleInterval view = ImagePlusImgs.wrap(imp);
			// from the last axis down, so the axes still to cut keep their numbers
			for (int d = axes.size() - 1; d >= 2; d--) {
				char a = axes.get(d);
				if (a == along) continue;
				view = Views.hyperSlice(view, d, (a == 'C' ? channel : other) - 1);
			}
			RandomAccessibleInterval<? extends RealType<?>> xyp = (RandomAccessibleInterval<? extends RealType<?>>) view;
			switch (grey) {
				case MIN_MAX: return GreyStackGuides.minMax(xyp);
				case STRETCH: return GreyStackGuides.stretched(xyp);
				default:
					double[] range = displayRange(imp, channel);
					return GreyStackGuides.range(xyp, range[0], range[1]);
			}
		}
		ImageStack stack = imp.getStack();
		int[] index = new int[n];
		for (int p = 0; p < n; p++) index[p] = stackIndex(imp, axis, channel, other, p);
		int w = imp.getWidth(), h = imp.getHeight();
		return new PlaneGuides() {
			@Override
			public int width() { return w; }

			@Override
			public int height() { return h; }

			@Override
			public int planes() { return n; }

			@Override
			public GuideImage guide(int plane) {
				ImageProcessor ip = stack.getProcessor(index[plane]);
				return ImagePlusGuide.of(ip, ImagePlusGuide.GreyMapping.MIN_MAX);
			}
		};
	}

	/** The display range of one channel (1-based), as ImageJ shows it. */
	private static double[] displayRange(ImagePlus imp, int channel) {
		if (imp instanceof ij.CompositeImage && imp.getNChannels() > 1) {
			ij.process.LUT lut = ((ij.CompositeImage) imp).getChannelLut(channel);
			if (lut != null) return new double[] { lut.min, lut.max };
		}
		return new double[] { imp.getDisplayRangeMin(), imp.getDisplayRangeMax() };
	}

	/** Bytes of the {@link #labelStack} of {@code input}: 16 bits per pixel of every slice and frame. */
	public static long labelStackBytes(ImagePlus input) {
		return 2L * input.getWidth() * input.getHeight() * input.getNSlices() * input.getNFrames();
	}

	/**
	 * A 16-bit label image with the input's slices and frames (one channel) and calibration;
	 * each segmentation fills the planes along {@code axis} at its position on the other axis
	 * (1-based key), everything else is 0.
	 */
	public static ImagePlus labelStack(ImagePlus input, Axis axis, Map<Integer, StackSegmentation> byOther, String title) {
		int w = input.getWidth(), h = input.getHeight(), slices = input.getNSlices(), frames = input.getNFrames();
		ImageStack out = new ImageStack(w, h);
		int max = 1;
		for (StackSegmentation s : byOther.values()) max = Math.max(max, s.maxLabel());
		for (int t = 1; t <= frames; t++)
			for (int z = 1; z <= slices; z++) {
				int other = axis == Axis.Z ? t : z, plane = (axis == Axis.Z ? z : t) - 1;
				StackSegmentation s = byOther.get(other);
				short[] labels = s == null || !s.segmented(plane) ? new short[w * h] : s.labels(plane).clone();
				out.addSlice("z" + z + " t" + t, new ShortProcessor(w, h, labels, null));
			}
		ImagePlus imp = new ImagePlus(title, out);
		imp.setDimensions(1, slices, frames);
		if (slices > 1 && frames > 1) imp.setOpenAsHyperStack(true);
		imp.setCalibration(input.getCalibration().copy());
		imp.getProcessor().setMinAndMax(0, max);
		imp.setDisplayRange(0, max);
		return imp;
	}
}
