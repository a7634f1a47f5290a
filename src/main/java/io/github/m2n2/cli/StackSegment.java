package io.github.m2n2.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

import ij.ImagePlus;

import io.github.m2n2.batch.StackFileSegmenter;
import io.github.m2n2.input.StackPoints;
import io.github.m2n2.input.UserError;
import io.github.m2n2.backbone.AttentionFileBackbone;
import io.github.m2n2.backbone.Backbone;
import io.github.m2n2.backbone.BackboneConfig;
import io.github.m2n2.backbone.BackboneException;
import io.github.m2n2.backbone.Backbones;
import io.github.m2n2.engine.Settings;
import io.github.m2n2.io.StackImages;
import io.github.m2n2.io.StackImages.Axis;

/**
 * {@code segment} on a stack: clicks with their slice or frame, the clicked planes segmented
 * and, with {@code --propagate}, every object carried through the stack along one axis. Every
 * check happens before anything is computed, and the label stack is written only at the end.
 */
final class StackSegment {

	static final String USAGE = String.join("\n",
		"Stacks (z-stacks, time-lapses, hyperstacks):",
		"  --points CSV             header x,y,z,label, x,y,t,label or x,y,z,t,label (x, y from 0; z, t from 1 as in ImageJ)",
		"  --propagate              carry every object from its clicked plane through the stack (else only clicked planes)",
		"  --axis z|t               the direction (default: z when the image has several slices, else t); the other",
		"                           coordinate stays at each click's value",
		"  The label stack has the input's slices, frames and calibration; unreached planes are 0.");

	private StackSegment() { }

	/** Whether {@code segment} must take the stack path. */
	static boolean applies(Args a, ImagePlus imp) {
		return StackImages.isStack(imp) || a.flag("propagate") || a.has("axis")
			|| (a.has("points") && StackPoints.hasPlaneColumns(Path.of(a.get("points"))));
	}

	static int run(Args a, ImagePlus imp, Path imagePath, Path outPath, PrintStream out, PrintStream err) throws Exception {
		long start = System.nanoTime();
		String name = imagePath.getFileName().toString();
		if (!StackImages.isStack(imp) && (a.flag("propagate") || a.has("axis")))
			throw new UserError("--propagate and --axis need a stack; " + name + " is a single plane (use x,y,label clicks without them)");
		if (StackImages.isStack(imp)) {
			if (!a.all("point").isEmpty())
				throw new UserError(name + " is a stack (" + imp.getNSlices() + " slices, " + imp.getNFrames()
					+ " frames): give each click's plane in a CSV (--points, header x,y,z,label or x,y,t,label), not --point");
			if (!a.has("points")) throw new UserError("no points given: add --points FILE.csv with the header x,y,z,label (or x,y,t,label)");
			if (a.has("distances-out")) throw new UserError("--distances-out is for single images; leave it out for a stack");
		}
		StackFileSegmenter.Options options = options(a);
		Settings settings = EngineOptions.settings(a);
		BackboneConfig config = BackboneOptions.config(a);
		if (config.effectiveName().equals(AttentionFileBackbone.NAME))
			throw new UserError("an attention file holds the attention of one plane, and a stack needs one attention per plane: use --backbone embedded or sd2");
		int resolution = BackboneOptions.resolution(a);
		ConsoleProgress progress = ConsoleProgress.auto(err);
		StackFileSegmenter.Result result;
		try (Backbone backbone = Backbones.create(config, progress)) {
			result = StackFileSegmenter.segment(imp, name, Path.of(a.get("points")), backbone, resolution, settings, options, progress);
		} catch (BackboneException e) {
			throw new UserError(e.getMessage());
		} finally {
			progress.finish();
		}
		result.writeLabels(outPath, baseName(name) + "-labels");
		out.println(result.summary(name, (System.nanoTime() - start) / 1e9, outPath));
		return 0;
	}

	/** The stack options of a command line: --propagate, --axis, the propagation settings and --grey. */
	static StackFileSegmenter.Options options(Args a) {
		StackFileSegmenter.Options o = new StackFileSegmenter.Options();
		o.propagate = a.flag("propagate");
		o.propagation = PropagationOptions.settings(a);
		o.grey = GuideOptions.mapping(a);
		if (a.has("axis")) {
			String v = a.get("axis").trim().toLowerCase(Locale.ROOT);
			o.axis = v.equals("z") ? Axis.Z : v.equals("t") ? Axis.T : null;
			if (o.axis == null) throw new UserError("--axis needs z or t, got '" + v + "'");
		}
		return o;
	}

	private static String baseName(String n) {
		int dot = n.lastIndexOf('.');
		return dot > 0 ? n.substring(0, dot) : n;
	}
}
