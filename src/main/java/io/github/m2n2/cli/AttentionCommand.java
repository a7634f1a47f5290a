package io.github.m2n2.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.github.m2n2.backbone.Backbone;
import io.github.m2n2.backbone.BackboneConfig;
import io.github.m2n2.backbone.BackboneException;
import io.github.m2n2.backbone.Backbones;
import io.github.m2n2.engine.Attention;
import io.github.m2n2.engine.GuideImage;
import io.github.m2n2.input.UserError;
import io.github.m2n2.io.ImageFiles;
import io.github.m2n2.io.ImagePlusGuide;
import io.github.m2n2.io.NpyArray;

/**
 * {@code attention}: runs a backbone on an image and saves its aggregated attention as the
 * NumPy file that {@code segment --attention} reads.
 */
public final class AttentionCommand implements CliCommand, Main.OptionSet {

	@Override
	public String name() { return "attention"; }

	@Override
	public String summary() { return "compute a backbone's attention for an image and save it as .npy"; }

	@Override
	public String usage() {
		return String.join("\n",
			"usage: m2n2 attention --image PATH [--backbone sd2 --model ID|DIR] [--resolution r] [--device cpu|gpu|auto] --out ATTN.npy",
			"",
			"Writes float32 of shape (r, r, r, r), rows summing to 1: the raw attention before temperature,",
			"which `segment --attention ATTN.npy` reads. For sd2 the image is resized to 8r x 8r with area",
			"averaging; the model is a hub id (downloaded once into the cache) or a local diffusers folder.",
			"  --overwrite  replace an existing output file",
			"", BackboneOptions.USAGE);
	}

	@Override
	public Set<String> known() {
		return Args.union(Args.union(List.of("image", "out", "overwrite"), GuideOptions.NAMES), BackboneOptions.NAMES);
	}

	@Override
	public Set<String> switches() {
		return Args.union(List.of("overwrite"), BackboneOptions.SWITCHES);
	}

	@Override
	public int run(Args a, PrintStream out, PrintStream err) throws Exception {
		long start = System.nanoTime();
		Path imagePath = Path.of(a.require("image"));
		Path outPath = Path.of(a.require("out"));
		SegmentCommand.checkOutput(outPath, imagePath, a.flag("overwrite"), "--out");
		if (a.has("attention")) throw new UserError("--attention reads an attention file; this command writes one (--out)");
		BackboneConfig config = BackboneOptions.config(a);
		int resolution = BackboneOptions.resolution(a);
		GuideImage guide;
		try {
			guide = ImagePlusGuide.of(ImageFiles.open(imagePath).getProcessor(), GuideOptions.mapping(a));
		} catch (java.io.IOException e) {
			throw new UserError(e.getMessage());
		}
		ConsoleProgress progress = ConsoleProgress.auto(err);
		Attention attention;
		try (Backbone backbone = Backbones.create(config, progress)) {
			int r = resolution > 0 ? resolution : backbone.defaultResolution();
			attention = backbone.attention(guide, r, progress);
		} catch (BackboneException e) {
			progress.finish();
			throw new UserError(e.getMessage());
		}
		progress.finish();
		int r = attention.resolution();
		NpyArray.write(outPath, attention.values(), r, r, r, r);
		out.println(String.format("%s: %s attention, %d x %d grid, in %.1f s -> %s", imagePath.getFileName(), config.effectiveName(), r, r,
			(System.nanoTime() - start) / 1e9, outPath));
		return 0;
	}
}
