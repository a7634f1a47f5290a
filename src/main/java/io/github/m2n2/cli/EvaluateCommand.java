package io.github.m2n2.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.imageio.ImageIO;

import io.github.m2n2.backbone.AttentionFileBackbone;
import io.github.m2n2.backbone.Backbone;
import io.github.m2n2.backbone.BackboneConfig;
import io.github.m2n2.backbone.BackboneException;
import io.github.m2n2.backbone.Backbones;
import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.engine.Settings;
import io.github.m2n2.eval.Dataset;
import io.github.m2n2.eval.DatasetException;
import io.github.m2n2.eval.Evaluation;
import io.github.m2n2.eval.IouPlot;
import io.github.m2n2.eval.NocReport;
import io.github.m2n2.eval.ObjectResult;
import io.github.m2n2.eval.SimulatedClick;
import io.github.m2n2.eval.ReportJson;
import io.github.m2n2.input.UserError;
import io.github.m2n2.io.AtomicFiles;

/** {@code evaluate}: the Number-of-Clicks protocol (specification section 8) over a data set folder. */
public final class EvaluateCommand implements CliCommand, Main.OptionSet {

	private static final List<String> OWN = List.of("dataset", "labels", "stacks", "max-clicks", "limit", "out", "plot", "overwrite", "workflow");

	@Override
	public String name() { return "evaluate"; }

	@Override
	public String summary() { return "Number-of-Clicks evaluation (NoC@85/90/95, mean IoU per click) on a data set"; }

	@Override
	public String usage() {
		return String.join("\n",
			"usage: m2n2 evaluate --dataset DIR --out REPORT.json [--labels [--workflow]] [--max-clicks 20] [--limit N] [--plot PLOT.png] [options]",
			"",
			"Simulates a user on every object: click 1 at the object's interior-most pixel, each next click at the",
			"interior-most pixel of the largest error, labelled by the ground truth there (see docs/evaluation.md).",
			"  --dataset DIR        DIR/images/NAME.<ext> with DIR/masks/NAME.<png|tif>, paired by NAME",
			"  --labels             masks are label images (0 background, k object k), each object evaluated on its own;",
			"                       without it a mask is one object: 0 background, 128 ignore, any other value object",
			"  --workflow           with --labels, also the everyday workflow: every object clicked once at its",
			"                       interior-most pixel plus one background click, all in one session; reports the",
			"                       mean IoU per object and the fraction of objects with IoU >= 0.5",
			"  --max-clicks N       clicks per object (20); NoC is N when an IoU is never reached; 0 with --workflow",
			"                       skips the NoC protocol",
			"  --limit N            only the first N images in name order (for quick runs)",
			"  --out REPORT.json    NoC85, NoC90, NoC95, objects, mIoU (per click) and per-object results",
			"  --plot PLOT.png      mean IoU against clicks",
			"  --overwrite          replace existing output files (refused otherwise)",
			StackEvaluate.USAGE,
			"",
			"The last line printed is: NoC85 a NoC90 b NoC95 c over n objects",
			"With --workflow the line before it (or the last, with --max-clicks 0) is: workflow mIoU a found b over n objects",
			"",
			GuideOptions.USAGE, "", BackboneOptions.USAGE, "", EngineOptions.USAGE, "", PropagationOptions.USAGE);
	}

	@Override
	public Set<String> known() {
		return Args.union(Args.union(Args.union(Args.union(OWN, GuideOptions.NAMES), BackboneOptions.NAMES), EngineOptions.NAMES), PropagationOptions.NAMES);
	}

	@Override
	public Set<String> switches() {
		return Args.union(List.of("labels", "stacks", "overwrite", "workflow"), BackboneOptions.SWITCHES);
	}

	@Override
	public int run(Args a, PrintStream out, PrintStream err) throws Exception {
		long start = System.nanoTime();
		Path datasetDir = Path.of(a.require("dataset"));
		Path outPath = Path.of(a.require("out"));
		Path plotPath = a.path("plot");
		boolean overwrite = a.flag("overwrite");
		boolean labels = a.flag("labels");
		boolean workflow = a.flag("workflow");
		int maxClicks = a.integer("max-clicks", 20);
		int limit = a.integer("limit", 0);
		if (workflow && !labels) throw new UserError("--workflow clicks every object of a label image; add --labels (masks must be label images)");
		if (maxClicks == 0 && !workflow) throw new UserError("--max-clicks 0 only makes sense with --workflow (nothing would be measured)");
		if (maxClicks < 0 || maxClicks > 1000) throw new UserError("--max-clicks must lie in " + (workflow ? 0 : 1) + "..1000, got " + maxClicks);
		if (maxClicks == 0 && plotPath != null) throw new UserError("--plot draws the NoC curve; it needs --max-clicks of at least 1");
		if (a.has("limit") && limit < 1) throw new UserError("--limit must be at least 1, got " + limit);
		OutputPaths.check(outPath, "--out", OutputPaths.ANY, overwrite);
		if (plotPath != null) {
			OutputPaths.check(plotPath, "--plot", OutputPaths.PNG, overwrite);
			OutputPaths.distinct(outPath, "--out", plotPath, "--plot");
		}
		for (String folder : List.of("images", "masks")) {
			OutputPaths.outside(outPath, "--out", datasetDir.resolve(folder), "the data set's folder");
			if (plotPath != null) OutputPaths.outside(plotPath, "--plot", datasetDir.resolve(folder), "the data set's folder");
		}
		Settings settings = EngineOptions.settings(a);
		io.github.m2n2.io.ImagePlusGuide.GreyMapping greyMapping = GuideOptions.mapping(a);
		BackboneConfig config = BackboneOptions.config(a);
		if (a.flag("stacks")) {
			if (labels) throw new UserError("--stacks reads label stacks already; leave --labels out");
			if (a.flag("workflow")) throw new UserError("--workflow measures single images; leave it out with --stacks");
			return StackEvaluate.run(a, out, err, datasetDir, outPath, plotPath, limit, settings, config, BackboneOptions.resolution(a));
		}
		if (config.effectiveName().equals(AttentionFileBackbone.NAME))
			throw new UserError("an attention file holds one image's attention; evaluate needs a backbone that computes it (embedded, sd2)");
		int resolution = BackboneOptions.resolution(a);

		Dataset dataset = scan(datasetDir, limit);

		ConsoleProgress bar = ConsoleProgress.auto(err);
		NocReport report;
		Evaluation evaluation;
		String backboneName;
		int r;
		try (Backbone backbone = Backbones.create(config)) {
			backboneName = backbone.name();
			r = resolution > 0 ? resolution : backbone.defaultResolution();
			evaluation = new Evaluation(backbone, r, settings, maxClicks, labels, workflow, greyMapping);
			report = evaluation.run(dataset, new ConsoleListener(bar, err));
		} catch (BackboneException | DatasetException e) {
			bar.finish();
			throw new UserError(e.getMessage());
		}
		bar.finish();
		double seconds = (System.nanoTime() - start) / 1e9;

		Map<String, Object> run = new LinkedHashMap<>();
		run.put("dataset", datasetDir.toAbsolutePath().normalize().toString());
		run.put("labels", labels);
		run.put("workflow", workflow);
		run.put("grey", greyMapping.key());
		run.put("images", dataset.items().size());
		run.put("limit", limit);
		run.put("backbone", backboneName);
		run.put("resolution", r);
		run.put("settings", describe(settings));
		run.put("seconds", seconds);
		run.put("attentionSeconds", evaluation.attentionSeconds());
		run.put("preparationSeconds", evaluation.preparationSeconds());
		run.put("machine", machine());
		writeAtomically(outPath, ReportJson.write(report, evaluation.workflowResults(), run).getBytes(StandardCharsets.UTF_8));
		if (plotPath != null) {
			String title = String.format(Locale.ROOT, "%s, %s r=%d: NoC85 %.2f  NoC90 %.2f  NoC95 %.2f (%d objects)",
				datasetDir.toAbsolutePath().normalize().getFileName(), backboneName, r, report.meanNoc(0.85), report.meanNoc(0.90),
				report.meanNoc(0.95), report.count());
			java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
			ImageIO.write(IouPlot.draw(report.meanIou(), title), "png", png);
			writeAtomically(plotPath, png.toByteArray());
		}
		List<io.github.m2n2.eval.WorkflowResult> wf = evaluation.workflowResults();
		int objectCount = report != null ? report.count() : wf.stream().mapToInt(io.github.m2n2.eval.WorkflowResult::objects).sum();
		out.println(String.format(Locale.ROOT, "evaluated %d objects in %d images in %.1f s (attention %.1f s, preparation %.1f s) -> %s%s",
			objectCount, dataset.items().size(), seconds, evaluation.attentionSeconds(), evaluation.preparationSeconds(), outPath,
			plotPath == null ? "" : ", " + plotPath));
		if (workflow) out.println(io.github.m2n2.eval.WorkflowResult.summaryLine(wf));
		if (report != null) out.println(report.summaryLine());
		return 0;
	}

	/** The data set folder, its problems said as a user mistake. */
	static Dataset scan(Path datasetDir, int limit) {
		try {
			return Dataset.scan(datasetDir).limit(limit);
		} catch (DatasetException e) {
			throw new UserError(e.getMessage());
		}
	}

	/** The machine a report was measured on, for its {@code run} description. */
	static String machine() {
		Runtime rt = Runtime.getRuntime();
		return String.format(Locale.ROOT, "%d cores, %s, Java %s, max heap %d MiB", rt.availableProcessors(), System.getProperty("os.arch"),
			System.getProperty("java.version"), rt.maxMemory() >> 20);
	}

	/** Engine settings that differ from the defaults, or "defaults". */
	static String describe(Settings s) {
		return s.differencesFromDefaults();
	}

	static void writeAtomically(Path destination, byte[] bytes) throws IOException {
		Path tmp = AtomicFiles.temporarySibling(destination);
		try {
			Files.write(tmp, bytes);
			readableByAll(tmp);
			Files.move(tmp, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		} finally {
			Files.deleteIfExists(tmp);
		}
	}

	/** Temporary files are created private (rw-------); a report is meant to be shared like any other file. */
	private static void readableByAll(Path file) {
		try {
			Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
		} catch (UnsupportedOperationException | IOException e) {
			// not a POSIX file system: its defaults apply
		}
	}

	/** The bar shows the image, click and running NoC@90; every finished object also gets a log line. */
	private static final class ConsoleListener implements Evaluation.Listener {
		private final ConsoleProgress bar;
		private final PrintStream err;

		ConsoleListener(ConsoleProgress bar, PrintStream err) {
			this.bar = bar;
			this.err = err;
		}

		@Override
		public void clicked(int index, int images, String name, int click, double iou, NocReport soFar) {
			String noc = soFar.count() == 0 ? "" : String.format(Locale.ROOT, " NoC90 %.2f", soFar.meanNoc(0.9));
			bar.progress(String.format(Locale.ROOT, "%d/%d c%d%s", index + 1, images, click, noc), (index + 0.0) / images);
		}

		@Override
		public void objectDone(int index, int images, ObjectResult<SimulatedClick> r, NocReport soFar) {
			bar.finish();
			double[] ious = r.ious();
			err.println(String.format(Locale.ROOT, "[%d/%d] %s label %d: NoC85 %d NoC90 %d NoC95 %d, IoU %.3f after 1 click, %.3f after %d"
				+ " (%.1f s) | running %s", index + 1, images, r.image(), r.label(), r.noc(0.85), r.noc(0.9), r.noc(0.95), ious[0],
				ious[ious.length - 1], ious.length, r.seconds(), soFar.summaryLine()));
		}

		@Override
		public void workflowDone(int index, int images, io.github.m2n2.eval.WorkflowResult r, List<io.github.m2n2.eval.WorkflowResult> soFar) {
			bar.finish();
			err.println(String.format(Locale.ROOT, "[%d/%d] %s workflow: %d objects, %d clicks, mean IoU %.3f, found %.3f (%.1f s) | running %s",
				index + 1, images, r.image(), r.objects(), r.clicks(), r.meanIou(), r.foundFraction(), r.seconds(),
				io.github.m2n2.eval.WorkflowResult.summaryLine(soFar)));
		}

		@Override
		public ProgressListener engine() { return ProgressListener.NONE; }

		@Override
		public void note(String message) {
			bar.finish();
			err.println("note: " + message);
		}
	}
}
