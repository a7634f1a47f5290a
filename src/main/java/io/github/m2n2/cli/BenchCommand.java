package io.github.m2n2.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import io.github.m2n2.backbone.EmbeddedBackbone;
import io.github.m2n2.engine.Attention;
import io.github.m2n2.engine.Click;
import io.github.m2n2.engine.GuideImage;
import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.engine.SegmentationSession;
import io.github.m2n2.engine.Settings;
import io.github.m2n2.input.PointsParser;
import io.github.m2n2.input.UserError;
import io.github.m2n2.sample.SyntheticNuclei;

/**
 * {@code bench}: engine timings on synthetic nuclei images: attention (embedded backbone),
 * preparation, first click and each added click, medians over several runs.
 */
public final class BenchCommand implements CliCommand, Main.OptionSet {

	@Override
	public String name() { return "bench"; }

	@Override
	public String summary() { return "time attention, preparation and clicks for several grid and image sizes"; }

	@Override
	public String usage() {
		return String.join("\n",
			"usage: m2n2 bench [--resolutions 32,64,128] [--sizes 512,2048] [--runs 3] [--clicks 4]",
			"       m2n2 bench --fidelity [--image PATH --points CSV] [--resolution 64]",
			"       m2n2 bench --sd2 [--resolution 64] [--runs 3] [--device cpu|gpu|auto] [--sd2-dir DIR]",
			"",
			"Prints a table of median seconds: embedded attention, preparation (temperature + Sinkhorn),",
			"first click, and each added click (one new Markov-map, re-scoring and merge).",
			"  --resolutions LIST   attention grid sides r (32,64,128)",
			"  --sizes LIST         square image sides in pixels (512,2048)",
			"  --runs N             repetitions per case; the median is reported (3)",
			"  --clicks N           clicks per run: one first click, then N-1 added ones (4)",
			"  --fidelity           instead of timings: how far the fast defaults (Krylov walk, sampled",
			"                       upsampling) are from the exact computation, as label agreement and",
			"                       IoU per label (default image: the synthetic 512 x 512 sample)",
			"  --sd2                instead: SD2 seconds per image with SD 2.1-base's real configuration and",
			"                       random weights (written once, 2.4 GB, into --sd2-dir, default under the",
			"                       temporary folder), text encoder cached; peak heap and resident memory",
			"", EngineOptions.USAGE);
	}

	@Override
	public Set<String> known() {
		return Args.union(List.of("resolutions", "sizes", "runs", "clicks", "fidelity", "image", "points", "resolution", "sd2",
			"sd2-dir", "device"), EngineOptions.NAMES);
	}

	@Override
	public Set<String> switches() { return Set.of("fidelity", "sd2"); }

	@Override
	public int run(Args a, PrintStream out, PrintStream err) throws Exception {
		if (a.flag("fidelity")) return fidelity(a, out, err);
		if (a.flag("sd2")) {
			java.nio.file.Path dir = a.has("sd2-dir") ? java.nio.file.Path.of(a.get("sd2-dir"))
				: java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "m2n2-sd2-bench");
			io.github.m2n2.sd.Sd2Settings.DeviceChoice device;
			try {
				device = io.github.m2n2.sd.Sd2Settings.DeviceChoice.parse(a.get("device", "auto"));
			} catch (IllegalArgumentException e) {
				throw new UserError(e.getMessage());
			}
			out.println(io.github.m2n2.sd.bench.Sd2Bench.run(dir, a.integer("resolution", 64), a.integer("runs", 3), device));
			return 0;
		}
		int[] resolutions = ints(a.get("resolutions", "32,64,128"), "resolutions");
		int[] sizes = ints(a.get("sizes", "512,2048"), "sizes");
		int runs = a.integer("runs", 3);
		int clicks = a.integer("clicks", 4);
		if (runs < 1 || clicks < 2) throw new UserError("--runs must be at least 1 and --clicks at least 2");
		Settings settings = EngineOptions.settings(a);
		out.println(String.format("machine: %d cores, %s, max heap %d MiB; upsampling %s", Runtime.getRuntime().availableProcessors(),
			System.getProperty("os.arch") + " Java " + System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20,
			settings.upsampling()));
		out.println("| r | image | attention s | preparation s | first click s | added click s | added click CPU s |");
		out.println("|---|---|---|---|---|---|---|");
		for (int size : sizes) {
			SyntheticNuclei sample = SyntheticNuclei.generate(size, size, Math.max(clicks, 12), 7);
			float[] grey = new float[sample.pixels.length];
			for (int i = 0; i < grey.length; i++) grey[i] = sample.pixels[i] & 0xffff;
			GuideImage guide = GuideImage.fromGrey(size, size, grey);
			List<Click> all = new ArrayList<>();
			for (int i = 0; i < clicks; i++) {
				int[] c = sample.centre(sample.nuclei.get(i % sample.nuclei.size()));
				all.add(new Click(c[0], c[1], i + 1));
			}
			for (int r : resolutions) {
				double[] att = new double[runs], prep = new double[runs], first = new double[runs];
				List<Double> added = new ArrayList<>(), addedCpu = new ArrayList<>();
				for (int run = 0; run < runs; run++) {
					long t0 = System.nanoTime();
					Attention attention = new EmbeddedBackbone().attention(guide, r, ProgressListener.NONE);
					long t1 = System.nanoTime();
					SegmentationSession session = new SegmentationSession(guide, attention, settings, true, ProgressListener.NONE);
					long t2 = System.nanoTime();
					session.segment(all.subList(0, 1), ProgressListener.NONE);
					long t3 = System.nanoTime();
					for (int k = 2; k <= clicks; k++) {
						long s = System.nanoTime(), cpu = cpuNanos();
						session.segment(all.subList(0, k), ProgressListener.NONE);
						added.add((System.nanoTime() - s) / 1e9);
						addedCpu.add((cpuNanos() - cpu) / 1e9);
					}
					att[run] = (t1 - t0) / 1e9;
					prep[run] = (t2 - t1) / 1e9;
					first[run] = (t3 - t2) / 1e9;
					err.print(".");
					err.flush();
				}
				err.println();
				out.println(String.format("| %d | %d² | %.2f | %.2f | %.2f | %.3f | %.3f |", r, size, median(att), median(prep), median(first),
					median(added.stream().mapToDouble(Double::doubleValue).toArray()),
					median(addedCpu.stream().mapToDouble(Double::doubleValue).toArray())));
			}
		}
		return 0;
	}

	/** Default settings against the exact walk and window, on one image with its clicks. */
	private int fidelity(Args a, PrintStream out, PrintStream err) throws Exception {
		GuideImage guide;
		List<Click> clicks = new ArrayList<>();
		String name;
		if (a.has("image")) {
			java.nio.file.Path image = java.nio.file.Path.of(a.get("image"));
			guide = io.github.m2n2.io.ImagePlusGuide.of(io.github.m2n2.io.ImageFiles.open(image).getProcessor(),
				io.github.m2n2.io.ImagePlusGuide.GreyMapping.MIN_MAX);
			clicks.addAll(PointsParser.readCsv(java.nio.file.Path.of(a.require("points"))));
			name = image.getFileName().toString();
		} else {
			SyntheticNuclei sample = SyntheticNuclei.generate(512, 512, 14, 42);
			float[] grey = new float[sample.pixels.length];
			for (int i = 0; i < grey.length; i++) grey[i] = sample.pixels[i] & 0xffff;
			guide = GuideImage.fromGrey(512, 512, grey);
			for (int i = 0; i < 5; i++) {
				int[] c = sample.centre(sample.nuclei.get(i));
				clicks.add(new Click(c[0], c[1], i + 1));
			}
			name = "synthetic nuclei 512x512";
		}
		PointsParser.validate(clicks, guide.width(), guide.height());
		int r = a.integer("resolution", 64);
		Settings fast = EngineOptions.settings(a);
		Settings exactWalk = fast.copy().krylovDimension(0);
		Settings exactWindow = fast.copy().upsampling(Settings.Upsampling.EXACT);
		Settings exact = exactWalk.copy().upsampling(Settings.Upsampling.EXACT);
		Attention attention = new EmbeddedBackbone().attention(guide, r, ProgressListener.NONE);
		out.println("fidelity on " + name + ", r = " + r + ", " + clicks.size() + " clicks, embedded attention");
		out.println("| computation | seconds | label agreement with exact | mean IoU with exact |");
		out.println("|---|---|---|---|");
		long t0 = System.nanoTime();
		short[] reference = new SegmentationSession(guide, attention, exact, ProgressListener.NONE).segment(clicks, ProgressListener.NONE).labels();
		out.println(String.format("| exact walk + exact window | %.1f | 1 | 1 |", (System.nanoTime() - t0) / 1e9));
		String[] names = { "Krylov walk + exact window", "exact walk + sampled window", "defaults (Krylov + sampled)" };
		Settings[] variants = { exactWindow, exactWalk, fast };
		for (int v = 0; v < variants.length; v++) {
			long t = System.nanoTime();
			short[] labels = new SegmentationSession(guide, attention, variants[v], ProgressListener.NONE).segment(clicks, ProgressListener.NONE).labels();
			double seconds = (System.nanoTime() - t) / 1e9;
			long same = 0;
			for (int p = 0; p < labels.length; p++) if (labels[p] == reference[p]) same++;
			out.println(String.format("| %s | %.1f | %.5f | %.4f |", names[v], seconds, (double) same / labels.length,
				meanIou(labels, reference, clicks)));
			err.print(".");
		}
		err.println();
		return 0;
	}

	private static double meanIou(short[] a, short[] b, List<Click> clicks) {
		java.util.Set<Integer> labels = new java.util.TreeSet<>();
		for (Click c : clicks) if (!c.isBackground()) labels.add(c.label());
		double sum = 0;
		for (int label : labels) {
			long inter = 0, union = 0;
			for (int p = 0; p < a.length; p++) {
				boolean x = a[p] == label, y = b[p] == label;
				if (x && y) inter++;
				if (x || y) union++;
			}
			sum += union == 0 ? 1 : (double) inter / union;
		}
		return sum / labels.size();
	}

	/** CPU time of the whole process: on a shared machine it shows the work apart from the waiting. */
	private static long cpuNanos() {
		java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
		return os instanceof com.sun.management.OperatingSystemMXBean ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : 0;
	}

	static double median(double[] v) {
		double[] s = v.clone();
		Arrays.sort(s);
		int n = s.length;
		return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	}

	private static int[] ints(String text, String option) {
		try {
			return Arrays.stream(text.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
		} catch (NumberFormatException e) {
			throw new UserError("--" + option + " needs comma-separated whole numbers, got '" + text + "'");
		}
	}
}
