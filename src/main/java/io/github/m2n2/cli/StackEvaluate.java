package io.github.m2n2.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

import io.github.m2n2.input.UserError;
import io.github.m2n2.backbone.AttentionFileBackbone;
import io.github.m2n2.backbone.Backbone;
import io.github.m2n2.backbone.BackboneConfig;
import io.github.m2n2.backbone.BackboneException;
import io.github.m2n2.backbone.Backbones;
import io.github.m2n2.engine.Settings;
import io.github.m2n2.engine.stack.PropagationSettings;
import io.github.m2n2.eval.Dataset;
import io.github.m2n2.eval.DatasetException;
import io.github.m2n2.eval.IouPlot;
import io.github.m2n2.eval.StackEvaluation;
import io.github.m2n2.eval.ObjectResult;
import io.github.m2n2.engine.stack.PlaneClick;
import io.github.m2n2.eval.StackReport;

/** {@code evaluate --stacks}: NoC@70/80/90 on 3D IoU with propagation, and the clicked planes alone as the baseline. */
final class StackEvaluate {

	static final String USAGE = String.join("\n",
		"  --stacks             images/NAME.tif are z-stacks or time-lapses and masks/NAME.tif label stacks (each label",
		"                       one 3D object or track); per object click 1 at its interior-most pixel on the plane",
		"                       where it is largest, then at the largest error on any plane, re-propagating after each",
		"                       (max clicks default 10); reports NoC70/80/90 on 3D IoU with propagation and with the",
		"                       clicked planes alone");

	private StackEvaluate() { }

	static int run(Args a, PrintStream out, PrintStream err, Path datasetDir, Path outPath, Path plotPath, int limit, Settings settings,
		BackboneConfig config, int resolution) throws Exception {
		long start = System.nanoTime();
		int maxClicks = a.integer("max-clicks", 10);
		if (maxClicks < 1 || maxClicks > 100) throw new UserError("--max-clicks must lie in 1..100 for stacks, got " + maxClicks);
		if (config.effectiveName().equals(AttentionFileBackbone.NAME))
			throw new UserError("an attention file holds one plane's attention; a stack needs one attention per plane (embedded, sd2)");
		PropagationSettings propagation = PropagationOptions.settings(a);
		Dataset dataset = EvaluateCommand.scan(datasetDir, limit);
		ConsoleProgress bar = ConsoleProgress.auto(err);
		StackReport report;
		StackEvaluation evaluation;
		String backboneName;
		int r;
		try (Backbone backbone = Backbones.create(config)) {
			backboneName = backbone.name();
			r = resolution > 0 ? resolution : backbone.defaultResolution();
			evaluation = new StackEvaluation(backbone, r, settings, propagation, maxClicks, GuideOptions.mapping(a));
			report = evaluation.run(dataset, new StackEvaluation.Listener() {
				@Override
				public void clicked(int index, int images, String name, int label, boolean propagated, int click, double iou) {
					bar.progress(String.format(Locale.ROOT, "%d/%d label %d %s c%d IoU %.2f", index + 1, images, label,
						propagated ? "propagated" : "clicked planes", click, iou), (double) index / images);
				}

				@Override
				public void objectDone(int index, int images, ObjectResult<PlaneClick> p, ObjectResult<PlaneClick> b, StackReport soFar) {
					bar.finish();
					err.println(String.format(Locale.ROOT, "[%d/%d] %s label %d: 3D IoU %.3f after 1 click, %.3f after %d (NoC80 %d, %.1f s);"
						+ " clicked planes only %.3f / %.3f (NoC80 %d)", index + 1, images, p.image(), p.label(), p.iouAfter(1),
						p.iouAfter(maxClicks), maxClicks, p.noc(0.8), p.seconds(), b.iouAfter(1), b.iouAfter(maxClicks), b.noc(0.8)));
				}
			});
		} catch (BackboneException | DatasetException e) {
			bar.finish();
			throw new UserError(e.getMessage());
		}
		bar.finish();
		double seconds = (System.nanoTime() - start) / 1e9;
		Map<String, Object> run = new LinkedHashMap<>();
		run.put("dataset", datasetDir.toAbsolutePath().normalize().toString());
		run.put("stacks", true);
		run.put("images", dataset.items().size());
		run.put("backbone", backboneName);
		run.put("resolution", r);
		run.put("settings", EvaluateCommand.describe(settings));
		run.put("minOverlap", propagation.minOverlap());
		run.put("clicksPerObject", propagation.clicksPerObject());
		run.put("backgroundClicks", propagation.backgroundClicks());
		run.put("planesPrepared", evaluation.planesPrepared());
		run.put("seconds", seconds);
		run.put("machine", EvaluateCommand.machine());
		EvaluateCommand.writeAtomically(outPath, report.json(run).getBytes(StandardCharsets.UTF_8));
		if (plotPath != null) {
			String title = String.format(Locale.ROOT, "%s, %s r=%d: 3D IoU, propagated vs clicked planes only (%d objects)",
				datasetDir.toAbsolutePath().normalize().getFileName(), backboneName, r, report.count());
			ByteArrayOutputStream png = new ByteArrayOutputStream();
			ImageIO.write(IouPlot.draw(new double[][] { report.meanIou(report.propagated()), report.meanIou(report.baseline()) },
				new String[] { "propagated", "clicked planes only" }, StackReport.THRESHOLDS, title), "png", png);
			EvaluateCommand.writeAtomically(plotPath, png.toByteArray());
		}
		out.println(String.format(Locale.ROOT, "evaluated %d objects in %d stacks in %.1f s (%d planes prepared) -> %s%s", report.count(),
			dataset.items().size(), seconds, evaluation.planesPrepared(), outPath, plotPath == null ? "" : ", " + plotPath));
		out.println(report.summaryLine());
		return 0;
	}
}
