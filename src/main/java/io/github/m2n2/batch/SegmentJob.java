package io.github.m2n2.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import io.github.m2n2.backbone.AttentionFileBackbone;
import io.github.m2n2.backbone.Backbone;
import io.github.m2n2.backbone.BackboneException;
import io.github.m2n2.input.PointsParser;
import io.github.m2n2.engine.Click;
import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.engine.Segmentation;
import io.github.m2n2.engine.Settings;

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

	@Override
	public FolderRun.Outcome process(BatchItem item, ProgressListener progress) throws IOException, BackboneException {
		List<Click> clicks = PointsParser.readCsv(item.points);
		Backbone b = attentionDir == null ? backbone : new AttentionFileBackbone(AttentionJob.output(attentionDir, item.name));
		FileSegmenter.Result r = FileSegmenter.segment(item.image, clicks, b, resolution, settings, progress);
		r.writeLabels(item.output, item.name + "-labels");
		return new FolderRun.Outcome(r.segmentation.objectCount(), pixelsPerLabel(r.segmentation));
	}

	/** {@code 0:N 1:N ...}: the labels that occur, background first. */
	static String pixelsPerLabel(Segmentation seg) {
		long[] counts = seg.pixelsPerLabel();
		StringBuilder sb = new StringBuilder();
		for (int k = 0; k < counts.length; k++)
			if (counts[k] > 0 || k == 0) sb.append(sb.length() == 0 ? "" : " ").append(k).append(':').append(counts[k]);
		return sb.toString();
	}
}
