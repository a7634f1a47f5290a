package io.github.m2n2.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;
import ij.measure.Calibration;

import io.github.m2n2.backbone.Backbone;
import io.github.m2n2.backbone.BackboneException;
import io.github.m2n2.input.PointsParser;
import io.github.m2n2.engine.Attention;
import io.github.m2n2.engine.Click;
import io.github.m2n2.engine.GuideImage;
import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.engine.Segmentation;
import io.github.m2n2.engine.SegmentationSession;
import io.github.m2n2.engine.Settings;
import io.github.m2n2.io.ImageFiles;
import io.github.m2n2.io.ImagePlusGuide;

/**
 * An image file and its clicks in, a label image out: the one code path of {@code segment}
 * and {@code batch}, so that both give the same labels for the same image and points.
 */
public final class FileSegmenter {

	/** A segmentation with what its label file needs. */
	public static final class Result {
		public final Segmentation segmentation;
		public final double attentionSeconds;
		private final Calibration calibration;

		Result(Segmentation segmentation, Calibration calibration, double attentionSeconds) {
			this.segmentation = segmentation;
			this.calibration = calibration;
			this.attentionSeconds = attentionSeconds;
		}

		/** Writes the 16-bit label TIFF (atomically), carrying the input's calibration. */
		public void writeLabels(Path out, String title) throws IOException {
			ImageFiles.saveTiff(ImageFiles.labelImage(segmentation, title, calibration), out);
		}
	}

	private FileSegmenter() { }

	/**
	 * @param resolution the attention grid side, or 0 for the backbone's default
	 * @throws IOException  when the image cannot be read (the message names the problem)
	 * @throws io.github.m2n2.input.UserError when the clicks do not fit the image
	 */
	public static Result segment(Path image, List<Click> clicks, Backbone backbone, int resolution, Settings settings,
		ProgressListener progress) throws IOException, BackboneException {
		return segment(ImageFiles.open(image), clicks, backbone, resolution, settings, progress);
	}

	/** The same for an image already opened (its first plane). */
	public static Result segment(ImagePlus imp, List<Click> clicks, Backbone backbone, int resolution, Settings settings,
		ProgressListener progress) throws BackboneException {
		return segment(imp, ImagePlusGuide.GreyMapping.DEFAULT, clicks, backbone, resolution, settings, progress);
	}

	/** The same with a chosen mapping of grey values to the guide. */
	public static Result segment(ImagePlus imp, ImagePlusGuide.GreyMapping grey, List<Click> clicks, Backbone backbone, int resolution,
		Settings settings, ProgressListener progress) throws BackboneException {
		GuideImage guide = ImagePlusGuide.of(imp.getProcessor(), grey);
		PointsParser.validate(clicks, guide.width(), guide.height());
		long t0 = System.nanoTime();
		Attention attention = backbone.attention(guide, gridSide(backbone, resolution), progress);
		double attentionSeconds = (System.nanoTime() - t0) / 1e9;
		SegmentationSession session = new SegmentationSession(guide, attention, settings, true, progress);
		return new Result(session.segment(clicks, progress), imp.getCalibration(), attentionSeconds);
	}

	/** The grid side asked of the backbone: its default (an attention file's own) unless one was named. */
	public static int gridSide(Backbone backbone, int requested) {
		return requested > 0 ? requested : backbone.defaultResolution();
	}

	/** The image's name without its extension ({@code .ome.tif} counts as one). */
	public static String baseName(Path image) {
		String n = image.getFileName().toString();
		String lower = n.toLowerCase(java.util.Locale.ROOT);
		for (String ext : new String[] { ".ome.tif", ".ome.tiff" })
			if (lower.endsWith(ext) && n.length() > ext.length()) return n.substring(0, n.length() - ext.length());
		int dot = n.lastIndexOf('.');
		return dot > 0 ? n.substring(0, dot) : n;
	}
}
