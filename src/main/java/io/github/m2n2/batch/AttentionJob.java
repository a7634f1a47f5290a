package io.github.m2n2.batch;

import java.io.IOException;
import java.nio.file.Path;

import ij.ImagePlus;

import io.github.m2n2.backbone.Backbone;
import io.github.m2n2.backbone.BackboneException;
import io.github.m2n2.engine.Attention;
import io.github.m2n2.engine.GuideImage;
import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.input.UserError;
import io.github.m2n2.io.Channels;
import io.github.m2n2.io.ImageFiles;
import io.github.m2n2.io.ImagePlusGuide;
import io.github.m2n2.io.NpyArray;

/**
 * An image in, its backbone attention out as {@code NAME.npy} (what {@code segment --attention}
 * and {@code batch --attention-dir} read): the GPU half of a run whose clicks run elsewhere.
 */
public final class AttentionJob implements FolderRun.Job {

	/** The attention file of an image name. */
	public static Path output(Path dir, String name) {
		return dir.resolve(name + ".npy");
	}

	private final Backbone backbone;
	private final int resolution;
	private final int channel;

	/** @param channel the channel of images with several ({@link Channels}) */
	public AttentionJob(Backbone backbone, int resolution, int channel) {
		this.backbone = backbone;
		this.resolution = resolution;
		this.channel = channel;
	}

	@Override
	public boolean needsPoints() { return false; }

	@Override
	public FolderRun.Outcome process(BatchItem item, ProgressListener progress) throws IOException, BackboneException {
		write(compute(item.image, ImagePlusGuide.GreyMapping.DEFAULT, channel, backbone, resolution, progress), item.output);
		return FolderRun.Outcome.NONE;
	}

	/** The attention of an image file, read the way {@code segment} reads it. */
	public static Attention compute(Path image, Backbone backbone, int resolution, ProgressListener progress)
		throws IOException, BackboneException {
		return compute(image, ImagePlusGuide.GreyMapping.DEFAULT, Channels.NOT_CHOSEN, backbone, resolution, progress);
	}

	/**
	 * The same with a chosen mapping of grey values to the guide and a channel. A stack is
	 * refused: an attention file holds one plane's attention, and stacks are segmented plane by
	 * plane with their own.
	 */
	public static Attention compute(Path image, ImagePlusGuide.GreyMapping grey, int channel, Backbone backbone, int resolution,
		ProgressListener progress) throws IOException, BackboneException {
		String name = image.getFileName().toString();
		ImagePlus imp = Channels.select(ImageFiles.open(image), channel, name);
		if (imp.getStackSize() > 1)
			throw new UserError(name + " has " + imp.getStackSize() + " planes; an attention file holds the attention of one plane"
				+ " (segment stacks without --attention or --attention-dir)");
		GuideImage guide = ImagePlusGuide.of(imp.getProcessor(), grey);
		return backbone.attention(guide, FileSegmenter.gridSide(backbone, resolution), progress);
	}

	/** Float32 {@code (r, r, r, r)}, atomically. */
	public static void write(Attention attention, Path out) throws IOException {
		int r = attention.resolution();
		NpyArray.write(out, attention.values(), r, r, r, r);
	}
}
