package io.github.m2n2.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;

import io.github.m2n2.backbone.Backbone;
import io.github.m2n2.backbone.BackboneException;
import io.github.m2n2.backbone.Backbones;
import io.github.m2n2.batch.FileSegmenter;
import io.github.m2n2.engine.Click;
import io.github.m2n2.engine.Segmentation;
import io.github.m2n2.engine.Settings;
import io.github.m2n2.input.PointsParser;
import io.github.m2n2.input.UserError;
import io.github.m2n2.io.Channels;
import io.github.m2n2.io.ImageFiles;

/** {@code segment}: an image and clicks in, a 16-bit label TIFF out. */
public final class SegmentCommand implements CliCommand {

	private static final List<String> OWN = List.of("image", "point", "points", "out", "distances-out", "overwrite", "propagate", "axis");

	@Override
	public String name() { return "segment"; }

	@Override
	public String summary() { return "segment an image from clicks into a 16-bit label TIFF"; }

	@Override
	public String usage() {
		return String.join("\n",
			"usage: m2n2 segment --image PATH (--point X,Y,LABEL ... | --points CSV) --out LABELS.tif [options]",
			"",
			"  --image PATH             any image ImageJ opens (grey 8/16/32-bit mapped as --grey says, RGB)",
			"  --point X,Y,LABEL        a click in pixels, origin top-left; LABEL 0 = background, k = object k (repeatable)",
			"  --points CSV             clicks from a CSV file with the header x,y,label",
			"  --out LABELS.tif         the label image: 0 background, k object k",
			"  --distances-out PATH.tif each click's distance map divided by its threshold (32-bit stack)",
			"  --overwrite              replace existing output files (refused otherwise)",
			"",
			StackSegment.USAGE, "", GuideOptions.USAGE, "", BackboneOptions.USAGE, "", EngineOptions.USAGE, "", PropagationOptions.USAGE);
	}

	@Override
	public int run(Args a, PrintStream out, PrintStream err) throws Exception {
		long start = System.nanoTime();
		Path imagePath = Path.of(a.require("image"));
		Path outPath = Path.of(a.require("out"));
		Path distPath = a.path("distances-out");
		Path[] inputs = { imagePath, a.path("points"), a.path("attention") };
		OutputPaths.check(outPath, "--out", OutputPaths.TIFF, a.flag("overwrite"), inputs);
		if (distPath != null) {
			OutputPaths.check(distPath, "--distances-out", OutputPaths.TIFF, a.flag("overwrite"), inputs);
			OutputPaths.distinct(outPath, "--out", distPath, "--distances-out");
		}
		Settings settings = EngineOptions.settings(a);
		var config = BackboneOptions.config(a);
		int resolution = BackboneOptions.resolution(a);
		io.github.m2n2.engine.TransitionMatrix.warmUpInBackground();

		ImagePlus imp;
		try {
			imp = ImageFiles.open(imagePath);
		} catch (java.io.IOException e) {
			throw new UserError(e.getMessage());
		}
		imp = Channels.select(imp, GuideOptions.channel(a), imagePath.getFileName().toString());
		if (StackSegment.applies(a, imp)) {
			return StackSegment.run(a, imp, imagePath, outPath, out, err);
		}

		List<Click> clicks = new ArrayList<>();
		for (String p : a.all("point")) clicks.add(PointsParser.parse(p));
		if (a.has("points")) clicks.addAll(PointsParser.readCsv(Path.of(a.get("points"))));

		ConsoleProgress progress = ConsoleProgress.auto(err);
		FileSegmenter.Result result;
		try (Backbone backbone = Backbones.create(config, progress)) {
			result = FileSegmenter.segment(imp, GuideOptions.mapping(a), clicks, backbone, resolution, settings, progress);
		} catch (BackboneException e) {
			throw new UserError(e.getMessage());
		} finally {
			progress.finish();
		}
		Segmentation seg = result.segmentation;
		result.writeLabels(outPath, FileSegmenter.baseName(imagePath) + "-labels");
		if (distPath != null) ImageFiles.saveTiff(distanceStack(seg), distPath);
		double seconds = (System.nanoTime() - start) / 1e9;
		out.println(summary(imagePath, seg, seconds, result.attentionSeconds, outPath));
		return 0;
	}

	private static ImagePlus distanceStack(Segmentation seg) {
		ImageStack stack = new ImageStack(seg.width(), seg.height());
		for (int i = 0; i < seg.clicks().size(); i++) {
			Click c = seg.clicks().get(i);
			stack.addSlice("click " + (i + 1) + " (" + c + ") tau=" + seg.threshold(i),
				new FloatProcessor(seg.width(), seg.height(), seg.scaledDistanceMap(i)));
		}
		ImagePlus imp = new ImagePlus("distances", stack);
		imp.getProcessor().setMinAndMax(0, 2);
		return imp;
	}

	static String summary(Path image, Segmentation seg, double seconds, double attentionSeconds, Path out) {
		long[] counts = seg.pixelsPerLabel();
		StringBuilder sb = new StringBuilder();
		sb.append(image.getFileName()).append(": ").append(seg.objectCount()).append(seg.objectCount() == 1 ? " object" : " objects").append(" (");
		for (int k = 1; k < counts.length; k++) if (counts[k] > 0) sb.append("label ").append(k).append(": ").append(counts[k]).append(" px, ");
		sb.append("background: ").append(counts[0]).append(" px) from ").append(seg.clicks().size()).append(" clicks in ")
			.append(String.format("%.2f s (attention %.2f s) -> %s", seconds, attentionSeconds, out));
		return sb.toString();
	}

	static Set<String> known() {
		return Args.union(Args.union(Args.union(Args.union(OWN, GuideOptions.NAMES), BackboneOptions.NAMES), EngineOptions.NAMES), PropagationOptions.NAMES);
	}

	static Set<String> switches() {
		return Args.union(List.of("overwrite", "propagate"), BackboneOptions.SWITCHES);
	}
}
