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
import io.github.m2n2.batch.AttentionJob;
import io.github.m2n2.input.UserError;

/**
 * {@code attention}: runs a backbone on an image and saves its aggregated attention as the
 * NumPy file that {@code segment --attention} reads.
 */
public final class AttentionCommand implements CliCommand, Main.OptionSet {

	@Override
	public String name() { return "attention"; }

	@Override
	public String summary() { return "compute a backbone's attention for an image (or a folder: --images) and save it as .npy"; }

	@Override
	public String usage() {
		return String.join("\n",
			"usage: m2n2 attention --image PATH [--backbone sd2 --model ID|DIR] [--resolution r] [--device cpu|gpu|auto] --out ATTN.npy",
			"       m2n2 attention --images DIR --out DIR [--shard I/N] [backbone options]",
			"",
			"Writes float32 of shape (r, r, r, r), rows summing to 1: the raw attention before temperature,",
			"which `segment --attention ATTN.npy` reads. For sd2 the image is resized to 8r x 8r with area",
			"averaging; the model is a hub id (downloaded once into the cache) or a local diffusers folder.",
			"  --overwrite  replace an existing output file",
			"",
			"With --images, every image NAME.tif (.png, .jpg, ...) of the folder gives OUT/NAME.npy (for",
			"`batch --attention-dir OUT`); images whose file exists are skipped, failures go to the summary.",
			FolderOptions.USAGE,
			"", BackboneOptions.USAGE);
	}

	@Override
	public Set<String> known() {
		return Args.union(Args.union(Args.union(List.of("image", "out", "overwrite"), FolderOptions.NAMES), GuideOptions.NAMES), BackboneOptions.NAMES);
	}

	@Override
	public Set<String> switches() {
		return Args.union(List.of("overwrite"), BackboneOptions.SWITCHES);
	}

	@Override
	public int run(Args a, PrintStream out, PrintStream err) throws Exception {
		if (a.has("attention")) throw new UserError("--attention reads an attention file; this command writes one (--out)");
		if (a.has("images")) return runFolder(a, out, err);
		for (String folderOnly : List.of("shard", "summary"))
			if (a.has(folderOnly)) throw new UserError("--" + folderOnly + " works with --images DIR (a folder of images)");
		long start = System.nanoTime();
		Path imagePath = Path.of(a.require("image"));
		Path outPath = Path.of(a.require("out"));
		OutputPaths.check(outPath, "--out", OutputPaths.NPY, a.flag("overwrite"), imagePath);
		BackboneConfig config = BackboneOptions.config(a);
		int resolution = BackboneOptions.resolution(a);
		ConsoleProgress progress = ConsoleProgress.auto(err);
		Attention attention;
		try (Backbone backbone = Backbones.create(config, progress)) {
			attention = AttentionJob.compute(imagePath, GuideOptions.mapping(a), GuideOptions.channel(a), backbone, resolution, progress);
		} catch (BackboneException | java.io.IOException e) {
			throw new UserError(e.getMessage());
		} finally {
			progress.finish();
		}
		AttentionJob.write(attention, outPath);
		int r = attention.resolution();
		out.println(String.format("%s: %s attention, %d x %d grid, in %.1f s -> %s", imagePath.getFileName(), config.effectiveName(), r, r,
			(System.nanoTime() - start) / 1e9, outPath));
		return 0;
	}

	private static int runFolder(Args a, PrintStream out, PrintStream err) throws Exception {
		if (a.has("image")) throw new UserError("give --image FILE or --images DIR, not both");
		if (a.has(GuideOptions.GREY)) throw new UserError("--grey works with --image (one file); a folder uses the default (stretch)");
		Path images = FolderOptions.folder(a, "images");
		FolderOptions.shard(a);
		BackboneConfig config = BackboneOptions.config(a);
		int resolution = BackboneOptions.resolution(a);
		Path outDir = FolderOptions.outFolder(a);
		try (Backbone backbone = Backbones.create(config, ConsoleProgress.auto(err))) {
			return FolderOptions.run(a, "attention", images, null, outDir, name -> AttentionJob.output(outDir, name),
				new AttentionJob(backbone, resolution, GuideOptions.channel(a)), out, err);
		} catch (BackboneException e) {
			throw new UserError(e.getMessage());
		}
	}
}
