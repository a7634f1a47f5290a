package io.github.m2n2.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import ij.ImagePlus;
import ij.process.ShortProcessor;

import io.github.m2n2.input.UserError;
import io.github.m2n2.io.ImageFiles;
import io.github.m2n2.sample.SyntheticNuclei;

/** {@code sample}: writes the synthetic nuclei image, its ground truth and a points CSV. */
public final class SampleCommand implements CliCommand, Main.OptionSet {

	@Override
	public String name() { return "sample"; }

	@Override
	public String summary() { return "generate the synthetic 16-bit nuclei sample (image, ground truth, points)"; }

	@Override
	public String usage() {
		return String.join("\n",
			"usage: m2n2 sample --out-dir DIR [--size 512] [--nuclei 14] [--seed 42] [--clicks 5] [--overwrite]",
			"       m2n2 sample --stack-datasets DIR [--count 3] [--size 128] [--overwrite]",
			"",
			"Writes DIR/nuclei.tif (16-bit), DIR/nuclei-truth.tif (labels) and DIR/nuclei-points.csv",
			"(one click at the centre of the first --clicks nuclei, labels 1..k, plus one background click),",
			"and the stacks DIR/nuclei3d.tif (z-stack of nuclei) and DIR/cells-t.tif (time-lapse of moving cells),",
			"each with -truth.tif and -points.csv (x,y,z,label / x,y,t,label).",
			"--stack-datasets DIR writes --count synthetic stacks of each kind for evaluate --stacks:",
			"DIR/nuclei3d/{images,masks}/ and DIR/cells-t/{images,masks}/.");
	}

	@Override
	public Set<String> known() { return Set.of("out-dir", "size", "nuclei", "seed", "clicks", "overwrite", "stack-datasets", "count"); }

	@Override
	public Set<String> switches() { return Set.of("overwrite"); }

	@Override
	public int run(Args a, PrintStream out, PrintStream err) throws Exception {
		if (a.has("stack-datasets")) {
			int count = a.integer("count", 3), size = a.integer("size", 128);
			if (count < 1 || count > 100) throw new UserError("--count must lie in 1..100");
			if (size < 32 || size > 2048) throw new UserError("--size must lie in 32..2048 for stacks");
			StackSamples.writeDatasets(Path.of(a.get("stack-datasets")), count, size, a.flag("overwrite"), out);
			return 0;
		}
		Path dir = Path.of(a.require("out-dir"));
		int size = a.integer("size", 512), count = a.integer("nuclei", 14), clicks = a.integer("clicks", 5);
		long seed = a.integer("seed", 42);
		if (size < 64 || size > 8192) throw new UserError("--size must lie in 64..8192");
		if (count < 1 || count > 1000) throw new UserError("--nuclei must lie in 1..1000, got " + count);
		// a points file with no object click would be refused by segment
		if (clicks < 1) throw new UserError("--clicks must be at least 1 (object clicks in the points file), got " + clicks);
		Path image = dir.resolve("nuclei.tif"), truth = dir.resolve("nuclei-truth.tif"), points = dir.resolve("nuclei-points.csv");
		List<Path> all = new java.util.ArrayList<>(List.of(image, truth, points));
		all.addAll(StackSamples.files(dir));
		for (Path p : all)
			if (Files.exists(p) && !a.flag("overwrite")) throw new UserError(p + " already exists; pass --overwrite to replace it");
		Files.createDirectories(dir);
		SyntheticNuclei s = SyntheticNuclei.generate(size, size, count, seed);
		ImageFiles.saveTiff(new ImagePlus("nuclei", new ShortProcessor(size, size, s.pixels, null)), image);
		ShortProcessor lp = new ShortProcessor(size, size, s.labels, null);
		lp.setMinAndMax(0, s.nuclei.size());
		ImageFiles.saveTiff(new ImagePlus("nuclei-truth", lp), truth);
		StringBuilder csv = new StringBuilder("x,y,label\n");
		for (int i = 0; i < Math.min(clicks, s.nuclei.size()); i++) {
			int[] c = s.centre(s.nuclei.get(i));
			csv.append(c[0]).append(',').append(c[1]).append(',').append(i + 1).append('\n');
		}
		csv.append(backgroundPixel(s)).append(",0\n");
		Path tmp = io.github.m2n2.io.AtomicFiles.temporarySibling(points);
		Files.write(tmp, csv.toString().getBytes(StandardCharsets.UTF_8));
		Files.move(tmp, points, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
		out.println("wrote " + image + ", " + truth + " and " + points + " (" + s.nuclei.size() + " nuclei)");
		StackSamples.write(dir, a.flag("overwrite"), out);
		return 0;
	}

	/** A background pixel far from every nucleus. */
	private static String backgroundPixel(SyntheticNuclei s) {
		int best = 0;
		double bestDist = -1;
		for (int y = 8; y < s.height - 8; y += 8)
			for (int x = 8; x < s.width - 8; x += 8) {
				double d = Double.POSITIVE_INFINITY;
				for (SyntheticNuclei.Nucleus n : s.nuclei) d = Math.min(d, Math.hypot(n.cx - x, n.cy - y) - n.ax);
				if (d > bestDist) {
					bestDist = d;
					best = y * s.width + x;
				}
			}
		return (best % s.width) + "," + (best / s.width);
	}
}
