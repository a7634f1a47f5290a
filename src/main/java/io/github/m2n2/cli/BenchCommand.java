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
import io.github.m2n2.sample.FidelityCases;
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
			"       m2n2 bench --fidelity [--cases 24] [--size 512] [--image PATH --points CSV] [--resolution 64]",
			"       m2n2 bench --sd2 [--resolution 64] [--runs 3] [--device cpu|gpu|auto] [--sd2-dir DIR]",
			"       m2n2 bench --stack [--size 512] [--planes 30] [--objects 15] [--resolution 64]",
			"",
			"Prints a table of median seconds: embedded attention, preparation (temperature + Sinkhorn),",
			"first click, and each added click (one new Markov-map, re-scoring and merge).",
			"  --resolutions LIST   attention grid sides r (32,64,128)",
			"  --sizes LIST         square image sides in pixels (512,2048)",
			"  --runs N             repetitions per case; the median is reported (3)",
			"  --clicks N           clicks per run: one first click, then N-1 added ones (4)",
			"  --fidelity           instead of timings: how far the fast defaults (Krylov walk, sampled",
			"                       upsampling) are from the exact computation, as IoU per object label,",
			"                       worst and mean, on --cases synthetic mosaics of large and small nuclei",
			"                       (--size px square) or on --image with --points; and whether the",
			"                       converged Sinkhorn stop gives the fixed count's matrix",
			"  --sd2                instead: SD2 seconds per image with SD 2.1-base's real configuration and",
			"                       random weights (written once, 2.4 GB, into --sd2-dir, default under the",
			"                       temporary folder), text encoder cached; peak heap and resident memory",
			StackBench.USAGE,
			"", EngineOptions.USAGE);
	}

	@Override
	public Set<String> known() {
		return Args.union(List.of("resolutions", "sizes", "runs", "clicks", "fidelity", "cases", "image", "points", "resolution", "sd2",
			"sd2-dir", "device", "stack", "size", "planes", "objects"), EngineOptions.NAMES);
	}

	@Override
	public Set<String> switches() { return Set.of("fidelity", "sd2", "stack"); }

	@Override
	public int run(Args a, PrintStream out, PrintStream err) throws Exception {
		if (a.flag("fidelity")) return fidelity(a, out, err);
		if (a.flag("stack")) return StackBench.run(a, out, EngineOptions.settings(a));
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
		// as segment, batch and Fiji do: the matrix loops compile while the first image and attention are made
		io.github.m2n2.engine.TransitionMatrix.warmUpInBackground();
		out.println(String.format("machine: %d cores, %s, max heap %d MiB; upsampling %s; matrix %s; matrix loops: %s",
			Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch") + " Java " + System.getProperty("java.version"),
			Runtime.getRuntime().maxMemory() >> 20, settings.upsampling(), settings.matrixStorage().name().toLowerCase(java.util.Locale.ROOT)
				+ (io.github.m2n2.engine.TransitionMatrix.packs(64, settings) ? ", packed" : ", floats"),
			io.github.m2n2.engine.TransitionMatrix.kernels()));
		out.println("| r | image | attention s | preparation s | preparation CPU s | first click s | added click s | added click CPU s |");
		out.println("|---|---|---|---|---|---|---|---|");
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
				double[] att = new double[runs], prep = new double[runs], prepCpu = new double[runs], first = new double[runs];
				List<Double> added = new ArrayList<>(), addedCpu = new ArrayList<>();
				for (int run = 0; run < runs; run++) {
					long t0 = System.nanoTime();
					Attention attention = new EmbeddedBackbone().attention(guide, r, ProgressListener.NONE);
					long t1 = System.nanoTime(), c1 = cpuNanos();
					SegmentationSession session = new SegmentationSession(guide, attention, settings, true, ProgressListener.NONE);
					long t2 = System.nanoTime();
					prepCpu[run] = (cpuNanos() - c1) / 1e9;
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
				out.println(String.format("| %d | %d² | %.2f | %.2f | %.2f | %.2f | %.3f | %.3f |", r, size, median(att), median(prep), median(prepCpu), median(first),
					median(added.stream().mapToDouble(Double::doubleValue).toArray()),
					median(addedCpu.stream().mapToDouble(Double::doubleValue).toArray())));
			}
		}
		return 0;
	}

	/**
	 * Default settings against the exact walk and window: on one image with its clicks, or on
	 * the synthetic {@link FidelityCases}. Reports every case's worst label, and over all cases
	 * the worst and the mean, so a single bad label cannot hide in an average.
	 */
	private int fidelity(Args a, PrintStream out, PrintStream err) throws Exception {
		int r = a.integer("resolution", 64);
		Settings fast = EngineOptions.settings(a);
		// the exact computation holds the matrix in floats; each fast path alone (the packed matrix, the
		// Krylov walk, each approximate window), then the settings as given
		Settings floats = fast.copy().matrixStorage(Settings.MatrixStorage.FLOAT);
		Settings exactWalk = floats.copy().krylovDimension(0);
		Settings exactWindow = floats.copy().upsampling(Settings.Upsampling.EXACT);
		Settings exact = exactWalk.copy().upsampling(Settings.Upsampling.EXACT);
		List<String> nameList = new ArrayList<>(List.of("packed matrix", "Krylov walk + exact window"));
		List<Settings> variantList = new ArrayList<>(List.of(exact.copy().matrixStorage(Settings.MatrixStorage.PACKED16), exactWindow));
		for (Settings.Upsampling m : Settings.Upsampling.values()) {
			if (m == Settings.Upsampling.EXACT) continue;
			nameList.add("exact walk + " + m.name().toLowerCase(java.util.Locale.ROOT) + " window");
			variantList.add(exactWalk.copy().upsampling(m));
		}
		nameList.add("defaults" + (fast.equals(new Settings()) ? "" : " (as given)"));
		variantList.add(fast);
		String[] names = nameList.toArray(new String[0]);
		Settings[] variants = variantList.toArray(new Settings[0]);
		List<FidelityCases.Case> cases = new ArrayList<>();
		if (a.has("image")) {
			java.nio.file.Path image = java.nio.file.Path.of(a.get("image"));
			GuideImage guide = io.github.m2n2.io.ImagePlusGuide.of(io.github.m2n2.io.ImageFiles.open(image).getProcessor(),
				io.github.m2n2.io.ImagePlusGuide.GreyMapping.MIN_MAX);
			List<Click> clicks = PointsParser.readCsv(java.nio.file.Path.of(a.require("points")));
			PointsParser.validate(clicks, guide.width(), guide.height());
			cases.add(new FidelityCases.Case(image.getFileName().toString(), guide, clicks));
		} else {
			int count = a.integer("cases", 24), size = a.integer("size", 512);
			if (count < 1 || size < 64) throw new UserError("--cases must be at least 1 and --size at least 64");
			for (int i = 0; i < count; i++) cases.add(FidelityCases.generate(i, size));
		}
		out.println("fidelity at r = " + r + ", embedded attention, " + cases.size() + " case(s); IoU of each object label with the exact"
			+ " computation (Krylov dimension 0, exact window), worst label of the case");
		StringBuilder header = new StringBuilder("| case | exact s |");
		for (String n : names) header.append(' ').append(n).append(" |");
		header.append(" defaults s | defaults CPU s |");
		out.println(header);
		out.println("|---|---|" + "---|".repeat(names.length + 2));
		double[] worst = new double[names.length], sum = new double[names.length], worstAgreement = new double[names.length];
		String[] worstCase = new String[names.length];
		java.util.Arrays.fill(worst, 2);
		java.util.Arrays.fill(worstAgreement, 2);
		int labelsCounted = 0;
		for (FidelityCases.Case c : cases) {
			Attention attention = new EmbeddedBackbone().attention(c.guide, r, ProgressListener.NONE);
			long t0 = System.nanoTime();
			SegmentationSession session = new SegmentationSession(c.guide, attention, exact, ProgressListener.NONE);
			short[] reference = session.segment(c.clicks, ProgressListener.NONE).labels();
			StringBuilder row = new StringBuilder(String.format("| %s | %.1f |", c.name, (System.nanoTime() - t0) / 1e9));
			java.util.Set<Integer> objects = objectLabels(c.clicks);
			double lastSeconds = 0, lastCpu = 0;
			for (int v = 0; v < variants.length; v++) {
				session.updateSettings(variants[v], ProgressListener.NONE);
				long s0 = System.nanoTime(), cpu0 = cpuNanos();
				short[] labels = session.segment(c.clicks, ProgressListener.NONE).labels();
				lastSeconds = (System.nanoTime() - s0) / 1e9;
				lastCpu = (cpuNanos() - cpu0) / 1e9;
				double caseWorst = 1;
				for (int label : objects) {
					double iou = iou(labels, reference, label);
					caseWorst = Math.min(caseWorst, iou);
					sum[v] += iou;
				}
				if (caseWorst < worst[v]) {
					worst[v] = caseWorst;
					worstCase[v] = c.name;
				}
				worstAgreement[v] = Math.min(worstAgreement[v], agreement(labels, reference));
				row.append(String.format(" %.4f |", caseWorst));
			}
			labelsCounted += objects.size();
			row.append(String.format(" %.2f | %.2f |", lastSeconds, lastCpu));
			out.println(row);
			err.print(".");
			err.flush();
		}
		err.println();
		out.println();
		out.println("| computation | worst label IoU | in | mean label IoU | worst pixel agreement |");
		out.println("|---|---|---|---|---|");
		for (int v = 0; v < names.length; v++)
			out.println(String.format("| %s | %.4f | %s | %.4f | %.5f |", names[v], worst[v], worstCase[v], sum[v] / labelsCounted,
				worstAgreement[v]));
		sinkhornFidelity(cases.get(0), r, fast, out);
		return 0;
	}

	/** Whether stopping Sinkhorn at its float fixed point gives the fixed count's matrix. */
	private static void sinkhornFidelity(FidelityCases.Case c, int r, Settings settings, PrintStream out) throws Exception {
		Attention attention = new EmbeddedBackbone().attention(c.guide, r, ProgressListener.NONE);
		Settings fixed = settings.copy().sinkhornStop(Settings.SinkhornStop.FIXED);
		Settings converged = settings.copy().sinkhornStop(Settings.SinkhornStop.CONVERGED);
		long t0 = System.nanoTime();
		io.github.m2n2.engine.TransitionMatrix a = io.github.m2n2.engine.TransitionMatrix.prepare(attention, fixed, ProgressListener.NONE);
		long t1 = System.nanoTime();
		io.github.m2n2.engine.TransitionMatrix b = io.github.m2n2.engine.TransitionMatrix.prepare(attention, converged, ProgressListener.NONE);
		long t2 = System.nanoTime();
		double maxDifference = 0;
		float[] x = a.values(), y = b.values();
		for (int i = 0; i < x.length; i++) maxDifference = Math.max(maxDifference, Math.abs(x[i] - y[i]));
		out.println();
		out.println(String.format("Sinkhorn on %s: fixed %d iterations %.2f s; converged stop ran %d of %d in %.2f s; "
			+ "largest matrix difference %.3g (%s)", c.name, a.sinkhornIterationsRun(), (t1 - t0) / 1e9, b.sinkhornIterationsRun(),
			settings.sinkhornIterations(), (t2 - t1) / 1e9, maxDifference, maxDifference == 0 ? "identical" : "differs"));
	}

	private static java.util.Set<Integer> objectLabels(List<Click> clicks) {
		java.util.Set<Integer> labels = new java.util.TreeSet<>();
		for (Click c : clicks) if (!c.isBackground()) labels.add(c.label());
		return labels;
	}

	private static double iou(short[] a, short[] b, int label) {
		long inter = 0, union = 0;
		for (int p = 0; p < a.length; p++) {
			boolean x = a[p] == label, y = b[p] == label;
			if (x && y) inter++;
			if (x || y) union++;
		}
		return union == 0 ? 1 : (double) inter / union;
	}

	private static double agreement(short[] a, short[] b) {
		long same = 0;
		for (int p = 0; p < a.length; p++) if (a[p] == b[p]) same++;
		return (double) same / a.length;
	}

	/** CPU time of the whole process: on a shared machine it shows the work apart from the waiting. */
	static long cpuNanos() {
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
