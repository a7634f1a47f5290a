package io.github.m2n2.batch;

import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;

import io.github.m2n2.backbone.AttentionFileBackbone;
import io.github.m2n2.backbone.Backbone;
import io.github.m2n2.input.PointsParser;
import io.github.m2n2.engine.Click;
import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.engine.Segmentation;
import io.github.m2n2.engine.Settings;
import io.github.m2n2.io.ImageFiles;

/** {@code NAME.csv} clicks on an image in, {@code NAME-labels.tif} out, through {@link FileSegmenter}. */
public final class SegmentJob implements FolderRun.Job {

	/** The label file of an image name. */
	public static Path output(Path outDir, String name) {
		return outDir.resolve(name + "-labels.tif");
	}

	/**
	 * Another path for some images (stacks, points with a plane column), supplied by the adapter
	 * that has it, so that batch takes the same path as {@code segment} for every image.
	 */
	public interface Route {
		/** Whether this image and points file take this path rather than the single-plane one. */
		boolean applies(ImagePlus imp, Path points);

		/** Segments the image and writes {@code item.output} atomically. */
		FolderRun.Outcome segment(ImagePlus imp, BatchItem item, ProgressListener progress) throws Exception;
	}

	private final Backbone backbone;
	private final Path attentionDir;
	private final int resolution;
	private final Settings settings;
	private Route other;

	/**
	 * @param backbone     shared by all images (a network loads once); unused when attentionDir is set
	 * @param attentionDir precomputed {@code NAME.npy} per image (from {@code attention --images}), or null
	 * @param resolution   the attention grid side, 0 for the default
	 */
	public SegmentJob(Backbone backbone, Path attentionDir, int resolution, Settings settings) {
		this.backbone = backbone;
		this.attentionDir = attentionDir;
		this.resolution = resolution;
		this.settings = settings.copy();
	}

	/** Images the route applies to go that way. */
	public SegmentJob routing(Route route) {
		this.other = route;
		return this;
	}

	@Override
	public FolderRun.Outcome process(BatchItem item, ProgressListener progress) throws Exception {
		ImagePlus imp = ImageFiles.open(item.image);
		if (other != null && other.applies(imp, item.points)) return other.segment(imp, item, progress);
		List<Click> clicks = PointsParser.readCsv(item.points);
		Backbone b = attentionDir == null ? backbone : new AttentionFileBackbone(AttentionJob.output(attentionDir, item.name));
		FileSegmenter.Result r = FileSegmenter.segment(imp, clicks, b, resolution, settings, progress);
		r.writeLabels(item.output, item.name + "-labels");
		return new FolderRun.Outcome(r.segmentation.objectCount(), pixelsPerLabel(r.segmentation));
	}

	/** Objects and pixels per label of a label image (any number of planes) already written. */
	public static FolderRun.Outcome outcomeOf(Path labels) throws java.io.IOException {
		ImagePlus imp = ImageFiles.open(labels);
		long[] counts = new long[65536];
		int max = 0;
		for (int z = 1; z <= imp.getStackSize(); z++) {
			short[] px = (short[]) imp.getStack().getPixels(z);
			for (short v : px) {
				int k = v & 0xffff;
				counts[k]++;
				max = Math.max(max, k);
			}
		}
		int objects = 0;
		for (int k = 1; k <= max; k++) if (counts[k] > 0) objects++;
		return new FolderRun.Outcome(objects, pixelsPerLabel(java.util.Arrays.copyOf(counts, max + 1)));
	}

	/** {@code 0:N 1:N ...}: the labels that occur, background first. */
	static String pixelsPerLabel(Segmentation seg) {
		return pixelsPerLabel(seg.pixelsPerLabel());
	}

	private static String pixelsPerLabel(long[] counts) {
		StringBuilder sb = new StringBuilder();
		for (int k = 0; k < counts.length; k++)
			if (counts[k] > 0 || k == 0) sb.append(sb.length() == 0 ? "" : " ").append(k).append(':').append(counts[k]);
		return sb.toString();
	}
}
