package io.github.m2n2.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;


import io.github.m2n2.backbone.Backbone;
import io.github.m2n2.backbone.BackboneConfig;
import io.github.m2n2.backbone.BackboneException;
import io.github.m2n2.backbone.Backbones;
import io.github.m2n2.input.UserError;
import io.github.m2n2.batch.SegmentJob;

/** {@code batch}: every image of a folder with its {@code NAME.csv} clicks, into label TIFFs. */
public final class BatchCommand implements CliCommand, Main.OptionSet {

	private static final List<String> OWN = List.of("points", "attention-dir", "propagate", "axis");

	@Override
	public String name() { return "batch"; }

	@Override
	public String summary() { return "segment every image of a folder from its NAME.csv points (resumable, shardable)"; }

	@Override
	public String usage() {
		return String.join("\n",
			"usage: m2n2 batch --images DIR --points DIR --out DIR [--shard I/N] [--attention-dir DIR] [options]",
			"",
			"Every image NAME.tif (.png, .jpg, ...) of --images with a NAME.csv (header x,y,label) in --points",
			"gives OUT/NAME-labels.tif, exactly as `segment --image NAME.tif --points NAME.csv` would. Images",
			"without points are skipped; an image or CSV that cannot be used is reported in the summary CSV",
			"and the run goes on. The exit code is 1 when any image failed.",
			"",
			"  --images DIR             the images (not searched recursively)",
			"  --points DIR             the NAME.csv files (default: the images folder)",
			"  --out DIR                the label images and the summary (created when missing)",
			"  --attention-dir DIR      precomputed attention NAME.npy per image (from `attention --images`)",
			"  --propagate, --axis z|t  for stacks (NAME.csv with header x,y,z,label ...), as `segment` takes them",
			FolderOptions.USAGE,
			"",
			GuideOptions.USAGE, "", PropagationOptions.USAGE, "", BackboneOptions.USAGE, "", EngineOptions.USAGE);
	}

	@Override
	public Set<String> known() {
		return Args.union(Args.union(Args.union(Args.union(OWN, FolderOptions.NAMES), BackboneOptions.NAMES), EngineOptions.NAMES),
			Args.union(PropagationOptions.NAMES, GuideOptions.NAMES));
	}

	@Override
	public Set<String> switches() {
		return Args.union(List.of("overwrite", "propagate"), BackboneOptions.SWITCHES);
	}

	@Override
	public int run(Args a, PrintStream out, PrintStream err) throws Exception {
		Path images = FolderOptions.folder(a, "images");
		Path points = a.has("points") ? FolderOptions.folder(a, "points") : images;
		Path attentionDir = a.has("attention-dir") ? FolderOptions.folder(a, "attention-dir") : null;
		if (attentionDir != null && (a.has("attention") || a.has("backbone")))
			throw new UserError("--attention-dir gives each image its attention file; leave out --attention and --backbone");
		if (a.has("attention")) throw new UserError("--attention names one file; for a folder give --attention-dir DIR with NAME.npy per image");
		FolderOptions.shard(a);
		var settings = EngineOptions.settings(a);
		BackboneConfig config = BackboneOptions.config(a);
		int resolution = BackboneOptions.resolution(a);
		Path outDir = FolderOptions.outFolder(a);
		io.github.m2n2.engine.TransitionMatrix.warmUpInBackground();
		// with an attention folder each image reads its own file; no network is loaded
		try (Backbone backbone = attentionDir != null ? null : Backbones.create(config, ConsoleProgress.auto(err))) {
			return FolderOptions.run(a, "batch", images, points, outDir, name -> SegmentJob.output(outDir, name),
				new SegmentJob(backbone, attentionDir, resolution, settings).stacks(StackSegment.options(a))
					.channel(GuideOptions.channel(a)), out, err);
		} catch (BackboneException e) {
			throw new UserError(e.getMessage());
		}
	}

}
