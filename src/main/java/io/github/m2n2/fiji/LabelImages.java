package io.github.m2n2.fiji;

import ij.ImagePlus;
import ij.measure.Calibration;
import ij.process.ShortProcessor;

import io.github.m2n2.io.ImagePlusImgs;

/** The 16-bit label image of a result: 0 background, k object k, the input's calibration. */
public final class LabelImages {

	private LabelImages() { }

	public static ImagePlus of(LabelResult result, ImagePlus source) {
		ShortProcessor sp = ImagePlusImgs.labelProcessor(result.labelImg());
		sp.setLut(Palette.labelLut());
		int[] objects = result.objectLabels();
		int max = objects.length == 0 ? 1 : objects[objects.length - 1];
		// the LUT repeats after 255 entries: a 0..255 display range keeps each label's colour fixed
		sp.setMinAndMax(0, Math.max(255, max));
		ImagePlus imp = new ImagePlus(title(source), sp);
		Calibration cal = source.getCalibration().copy();
		// a value calibration (e.g. signed 16-bit) would turn label k into some other number
		cal.disableDensityCalibration();
		imp.setCalibration(cal);
		imp.setProperty("Info", "M2N2 labels of " + source.getTitle() + (source.getStackSize() > 1 ? ", plane " + source.getCurrentSlice() : "")
			+ "\nPoints: " + PointPrompts.toText(result.clicks()) + (result.note() != null ? "\n" + result.note() : ""));
		return imp;
	}

	/**
	 * {@code <image>-labels}, without the file extension but with every other character of the
	 * title (ImageJ's short title also drops spaces, so "cell 1.tif" and "cell1.tif" clashed and a
	 * macro's selectImage(title + "-labels") failed; the batch command keeps them too).
	 */
	static String title(ImagePlus source) {
		String t = source.getTitle();
		int dot = t.lastIndexOf('.');
		if (dot > 0 && t.length() - dot <= 5 && t.substring(dot + 1).matches("[A-Za-z][A-Za-z0-9]*")) t = t.substring(0, dot);
		return t + "-labels";
	}
}
