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
import io.github.m2n2.io.Channels;
import io.github.m2n2.io.ImageFiles;

/** {@code NAME.csv} clicks on an image in, {@code NAME-labels.tif} out, through {@link FileSegmenter}. */
public final class SegmentJob implements FolderRun.Job {

	/** The label file of an image name. */
	public static Path output(Path outDir, String name) {
		return outDir.resolve(name + "-labels.tif");
	}

	private final Backbone backbone;
	private final Path attentionDir;
	private final int resolution;
	private final Settings settings;
	private StackFileSegmenter.Options stacks = new StackFileSegmenter.Options();
	private int channel = Channels.NOT_CHOSEN;

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

	/**
	 * How stacks (and points with a plane column) are segmented, through {@link
	 * StackFileSegmenter} as {@code segment} does; its grey mapping is used for single planes too.
	 */
	public SegmentJob stacks(StackFileSegmenter.Options options) {
		this.stacks = options;
		return this;
	}

	/** The channel segmented in images with several ({@link Channels}). */
	public SegmentJob channel(int channel) {
		this.channel = channel;
		return this;
	}

	@Override
	public FolderRun.Outcome process(BatchItem item, ProgressListener progress) throws Exception {
		ImagePlus imp = Channels.select(ImageFiles.open(item.image), channel, item.image.getFileName().toString());
		if (StackFileSegmenter.applies(imp, item.points)) {
			if (attentionDir != null && io.github.m2n2.io.StackImages.isStack(imp))
				throw new io.github.m2n2.input.UserError(item + " is a stack, which needs an attention per plane; the attention folder holds one per image"
					+ " (run stacks without it)");
			StackFileSegmenter.Result r = StackFileSegmenter.segment(imp, item.image.getFileName().toString(), item.points, backbone, resolution,
				settings, stacks, progress);
			r.writeLabels(item.output, item.name + "-labels");
			return r.outcome();
		}
		List<Click> clicks = PointsParser.readCsv(item.points);
		Backbone b = attentionDir == null ? backbone : new AttentionFileBackbone(AttentionJob.output(attentionDir, item.name));
		FileSegmenter.Result r = FileSegmenter.segment(imp, stacks.grey, clicks, b, resolution, settings, progress);
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

	static String pixelsPerLabel(long[] counts) {
		StringBuilder sb = new StringBuilder();
		for (int k = 0; k < counts.length; k++)
			if (counts[k] > 0 || k == 0) sb.append(sb.length() == 0 ? "" : " ").append(k).append(':').append(counts[k]);
		return sb.toString();
	}
}
