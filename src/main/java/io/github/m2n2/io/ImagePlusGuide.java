package io.github.m2n2.io;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

import io.github.m2n2.engine.GuideImage;

/** The RGB guide of an ImageJ image's current plane. */
public final class ImagePlusGuide {

	/** How grey values become [0, 1]. */
	public enum GreyMapping {
		/** The plane's own minimum and maximum (the command line's choice: what you see is not known). */
		MIN_MAX,
		/** The image's display range, as the user sees it in ImageJ. */
		DISPLAY_RANGE
	}

	private ImagePlusGuide() { }

	public static GuideImage of(ImagePlus imp, GreyMapping mapping) {
		if (imp.isComposite() && ((CompositeImage) imp).getMode() == IJ.COMPOSITE && imp.getNChannels() > 1) {
			// what the user sees: the channels blended in their display colours
			imp.updateImage();
			ColorProcessor cp = new ColorProcessor(imp.getImage());
			return GuideImage.ofPackedRgb(cp.getWidth(), cp.getHeight(), (int[]) cp.getPixels());
		}
		return of(imp.getProcessor(), mapping);
	}

	public static GuideImage of(ImageProcessor ip, GreyMapping mapping) {
		int w = ip.getWidth(), h = ip.getHeight();
		if (ip instanceof ColorProcessor) return GuideImage.ofPackedRgb(w, h, (int[]) ip.getPixels());
		float[] values = new float[w * h];
		for (int i = 0; i < values.length; i++) values[i] = ip.getf(i);
		if (mapping == GreyMapping.MIN_MAX) return GuideImage.fromGrey(w, h, values);
		double min = ip.getMin(), max = ip.getMax();
		double range = max > min ? max - min : 1;
		for (int i = 0; i < values.length; i++) {
			float v = Float.isNaN(values[i]) ? 0f : values[i];
			values[i] = (float) Math.max(0, Math.min(1, (v - min) / range));
		}
		return GuideImage.ofChannels(w, h, values, values.clone(), values.clone());
	}
}
