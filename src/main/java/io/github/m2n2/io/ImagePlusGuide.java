package io.github.m2n2.io;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;

import io.github.m2n2.engine.GuideImage;

/** The RGB guide of an ImageJ image's current plane. */
public final class ImagePlusGuide {

	/** How grey values become [0, 1]. */
	public enum GreyMapping {
		/** The plane's own minimum and maximum (the command line's choice: what you see is not known). */
		MIN_MAX,
		/** The image's display range, as the user sees it in ImageJ. */
		DISPLAY_RANGE,
		/** Background-relative asinh stretch (see {@code BackgroundStretch}): dim objects stay visible. */
		STRETCH;

		/** The one default, for the command line, batch runs and the evaluation alike. */
		public static final GreyMapping DEFAULT = STRETCH;

		/** What {@link #STRETCH} does, for the command line's help and Fiji's field description. */
		public static final String STRETCH_HELP = "asinh of (value - background) / knee, the background the median, the knee "
			+ "below the typical object's level only as far as it takes to bring that object to half of the brightest object's step "
			+ "(up to a third of its level, at least the noise; objects of similar brightness stay nearly linear), "
			+ "up to the brightest object: dim and bright objects both stand out, faint rims stay faint, "
			+ "a hot pixel changes nothing";

		/** The command-line spelling: {@code minmax}, {@code display}, {@code stretch}. */
		public String key() {
			return this == MIN_MAX ? "minmax" : this == DISPLAY_RANGE ? "display" : "stretch";
		}

		/** The mapping of this spelling ({@link #key}). @throws IllegalArgumentException naming the choices */
		public static GreyMapping of(String key) {
			for (GreyMapping m : values()) if (m.key().equalsIgnoreCase(key.trim())) return m;
			throw new IllegalArgumentException("The grey mapping must be stretch, minmax or display, got '" + key + "'.");
		}
	}

	private ImagePlusGuide() { }

	public static GuideImage of(ImagePlus imp, GreyMapping mapping) {
		if (imp.isComposite() && ((CompositeImage) imp).getMode() == IJ.COMPOSITE && imp.getNChannels() > 1) {
			// what the user sees: the channels blended in their display colours. All channels are
			// composed anew: the blend ImageJ keeps can hold only the channel drawn last (a
			// composite filled by a macro gave the current channel alone on the first run)
			((CompositeImage) imp).updateAllChannelsAndDraw();
			imp.updateImage();
			return of(new ColorProcessor(imp.getImage()), mapping);
		}
		return of(imp.getProcessor(), mapping);
	}

	/** The guide of one plane, read through an ImgLib2 view of its pixels (no copy of the plane). */
	@SuppressWarnings("unchecked")
	public static GuideImage of(ImageProcessor ip, GreyMapping mapping) {
		Img<?> plane = ImagePlusImgs.wrap(ip);
		if (ip instanceof ColorProcessor) return GuideImage.fromArgb((Img<ARGBType>) plane);
		Img<? extends RealType<?>> grey = (Img<? extends RealType<?>>) plane;
		switch (mapping) {
			case MIN_MAX: return GuideImage.fromGrey(grey);
			case STRETCH: return GuideImage.fromGreyStretched(grey);
			default: return GuideImage.fromGrey(grey, ip.getMin(), ip.getMax());
		}
	}
}
