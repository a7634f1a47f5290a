package io.github.m2n2.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import ij.ImagePlus;

import io.github.m2n2.input.UserError;
import io.github.m2n2.backbone.AttentionFileBackbone;
import io.github.m2n2.backbone.Backbone;
import io.github.m2n2.backbone.BackboneConfig;
import io.github.m2n2.backbone.BackboneException;
import io.github.m2n2.backbone.Backbones;
import io.github.m2n2.engine.Settings;
import io.github.m2n2.engine.stack.PlaneClick;
import io.github.m2n2.engine.stack.PlaneGuides;
import io.github.m2n2.engine.stack.PropagationSettings;
import io.github.m2n2.engine.stack.StackPropagation;
import io.github.m2n2.engine.stack.StackSegmentation;
import io.github.m2n2.io.ImageFiles;
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
		if (!StackImages.isStack(imp)) {
			if (a.flag("propagate") || a.has("axis"))
				throw new UserError("--propagate and --axis need a stack; " + name + " is a single plane (use x,y,label clicks without them)");
			throw new UserError("the points file has a z or t column but " + name + " is a single plane; write the header x,y,label");
		}
		if (!a.all("point").isEmpty())
			throw new UserError(name + " is a stack (" + imp.getNSlices() + " slices, " + imp.getNFrames()
				+ " frames): give each click's plane in a CSV (--points, header x,y,z,label or x,y,t,label), not --point");
		if (!a.has("points")) throw new UserError("no points given: add --points FILE.csv with the header x,y,z,label (or x,y,t,label)");
		if (a.has("distances-out")) throw new UserError("--distances-out is for single images; leave it out for a stack");
		Path csv = Path.of(a.get("points"));
		if (!StackPoints.hasPlaneColumns(csv))
			throw new UserError(name + " is a stack (" + imp.getNSlices() + " slices, " + imp.getNFrames()
				+ " frames): the points need their plane, header x,y,z,label, x,y,t,label or x,y,z,t,label");
		StackPoints points = StackPoints.read(csv);
		Axis axis = axis(a, imp, name);
		Map<Integer, List<PlaneClick>> groups = group(points, imp, axis, name, csv);
		boolean propagate = a.flag("propagate");
		if (!propagate) requireObjectOnEveryClickedPlane(groups, axis, csv);

		Settings settings = EngineOptions.settings(a);
		PropagationSettings propagation = PropagationOptions.settings(a);
		BackboneConfig config = BackboneOptions.config(a);
		if (config.effectiveName().equals(AttentionFileBackbone.NAME))
			throw new UserError("an attention file holds the attention of one plane, and a stack needs one attention per plane: use --backbone embedded or sd2");
		int resolution = BackboneOptions.resolution(a);

		ConsoleProgress progress = ConsoleProgress.auto(err);
		Map<Integer, StackSegmentation> results = new TreeMap<>();
		long prepared = 0;
		try (Backbone backbone = Backbones.create(config, progress)) {
			int r = resolution > 0 ? resolution : backbone.defaultResolution();
			Runtime rt = Runtime.getRuntime();
			requireMemory(imp, axis, r, name, rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()));
			for (Map.Entry<Integer, List<PlaneClick>> g : groups.entrySet()) {
				PlaneGuides guides = StackImages.planes(imp, axis, 1, g.getKey(), GuideOptions.mapping(a));
				StackPropagation<BackboneException> prop = new StackPropagation<>(guides, (guide, p, pr) -> backbone.attention(guide, r, pr), r,
					settings, propagation);
				results.put(g.getKey(), prop.run(g.getValue(), propagate, progress));
				prepared += prop.planesPrepared();
				prop.release();
			}
		} catch (BackboneException e) {
			progress.finish();
			throw new UserError(e.getMessage());
		} catch (IllegalArgumentException e) {
			progress.finish();
			throw new UserError(e.getMessage());
		}
		progress.finish();
		ImagePlus labels = StackImages.labelStack(imp, axis, results, baseName(name) + "-labels");
		ImageFiles.saveTiff(labels, outPath);
		out.println(summary(name, axis, results, points.rows.size(), prepared, (System.nanoTime() - start) / 1e9, outPath));
		return 0;
	}

	private static Axis axis(Args a, ImagePlus imp, String name) {
		if (!a.has("axis")) return Axis.defaultFor(imp);
		String v = a.get("axis").trim().toLowerCase(Locale.ROOT);
		Axis axis = v.equals("z") ? Axis.Z : v.equals("t") ? Axis.T : null;
		if (axis == null) throw new UserError("--axis needs z or t, got '" + v + "'");
		if (StackImages.planes(imp, axis) < 2)
			throw new UserError("--axis " + v + " but " + name + " has a single " + axis.word + " (" + imp.getNSlices() + " slices, " + imp.getNFrames()
				+ " frames)");
		return axis;
	}

	/** Clicks grouped by their position on the other axis (1-based), with 0-based planes along {@code axis}. */
	private static Map<Integer, List<PlaneClick>> group(StackPoints points, ImagePlus imp, Axis axis, String name, Path csv) {
		int slices = imp.getNSlices(), frames = imp.getNFrames(), w = imp.getWidth(), h = imp.getHeight();
		if (points.hasZ && slices == 1)
			throw new UserError("the points file has a z column but " + name + " has one slice (" + frames + " frames): write x,y,t,label");
		if (points.hasT && frames == 1)
			throw new UserError("the points file has a t column but " + name + " has one frame (" + slices + " slices): write x,y,z,label");
		if (!points.hasZ && slices > 1)
			throw new UserError(name + " has " + slices + " slices: the points need a z column (x,y,z,label or x,y,z,t,label)");
		if (!points.hasT && frames > 1)
			throw new UserError(name + " has " + frames + " frames: the points need a t column (x,y,t,label or x,y,z,t,label)");
		Map<Integer, List<PlaneClick>> groups = new TreeMap<>();
		boolean object = false;
		for (StackPoints.Row row : points.rows) {
			String where = csv + " line " + row.line + ": point " + row;
			if (row.x < 0 || row.y < 0 || row.x >= w || row.y >= h)
				throw new UserError(where + " lies outside the " + w + " x " + h + " planes (x in 0.." + (w - 1) + ", y in 0.." + (h - 1) + ")");
			if (row.z > slices) throw new UserError(where + " lies on slice " + row.z + " but " + name + " has slices 1.." + slices);
			if (row.t > frames) throw new UserError(where + " lies on frame " + row.t + " but " + name + " has frames 1.." + frames);
			int z = Math.max(1, row.z), t = Math.max(1, row.t);
			int plane = (axis == Axis.Z ? z : t) - 1, other = axis == Axis.Z ? t : z;
			groups.computeIfAbsent(other, k -> new ArrayList<>()).add(new PlaneClick(row.x, row.y, plane, row.label));
			object |= row.label != 0;
		}
		if (points.rows.isEmpty()) throw new UserError("the points file " + csv + " holds no clicks");
		if (!object) throw new UserError("every point is background (label 0): give at least one object point (label 1 or more)");
		return groups;
	}

	/** Without propagation a plane with background clicks only would stay empty: say so rather than write zeros. */
	private static void requireObjectOnEveryClickedPlane(Map<Integer, List<PlaneClick>> groups, Axis axis, Path csv) {
		for (Map.Entry<Integer, List<PlaneClick>> g : groups.entrySet()) {
			Map<Integer, Boolean> planeHasObject = new TreeMap<>();
			for (PlaneClick c : g.getValue()) planeHasObject.merge(c.plane(), c.label() != 0, Boolean::logicalOr);
			for (Map.Entry<Integer, Boolean> e : planeHasObject.entrySet())
				if (!e.getValue())
					throw new UserError(axis.word + " " + (e.getKey() + 1) + " has only background clicks in " + csv
						+ "; without --propagate nothing is segmented there: add an object click on it or pass --propagate");
		}
	}

	/** @param free bytes Java can still allocate */
	static void requireMemory(ImagePlus imp, Axis axis, int r, String name, long free) {
		int planes = StackImages.planes(imp, axis);
		long need = StackPropagation.minimumBytes(imp.getWidth(), imp.getHeight(), planes, r)
			+ 2L * imp.getWidth() * imp.getHeight() * imp.getNSlices() * imp.getNFrames();
		if (need > free)
			throw new UserError(String.format(Locale.ROOT,
				"%s needs about %.1f GiB at resolution %d (one prepared %d x %d plane and the label stack of %d planes) but Java has %.1f GiB left:"
					+ " use a smaller --resolution, crop the stack, or give Java more memory (M2N2_JAVA_OPTS=-Xmx16g)",
				name, need / 1073741824.0, r, imp.getWidth(), imp.getHeight(), imp.getNSlices() * imp.getNFrames(), free / 1073741824.0));
	}

	private static String summary(String name, Axis axis, Map<Integer, StackSegmentation> results, int clicks, long prepared, double seconds,
		Path out) {
		Map<Integer, int[]> span = new TreeMap<>();
		Map<Integer, Long> voxels = new TreeMap<>();
		for (StackSegmentation s : results.values()) {
			long[] v = s.voxelsPerLabel();
			for (int k = 1; k < v.length; k++) {
				if (v[k] == 0) continue;
				voxels.merge(k, v[k], Long::sum);
				int[] planes = s.planesOf(k);
				span.merge(k, new int[] { planes[0] + 1, planes[planes.length - 1] + 1 },
					(x, y) -> new int[] { Math.min(x[0], y[0]), Math.max(x[1], y[1]) });
			}
		}
		StringBuilder sb = new StringBuilder(name).append(": ").append(voxels.size()).append(voxels.size() == 1 ? " object (" : " objects (");
		for (Map.Entry<Integer, Long> e : voxels.entrySet()) {
			int[] s = span.get(e.getKey());
			sb.append("label ").append(e.getKey()).append(": ").append(axis.word).append("s ").append(s[0]).append('-').append(s[1]).append(", ")
				.append(e.getValue()).append(" voxels; ");
		}
		if (!voxels.isEmpty()) sb.setLength(sb.length() - 2);
		sb.append(String.format(Locale.ROOT, ") from %d clicks, %d planes prepared, in %.2f s -> %s", clicks, prepared, seconds, out));
		return sb.toString();
	}

	private static String baseName(String n) {
		int dot = n.lastIndexOf('.');
		return dot > 0 ? n.substring(0, dot) : n;
	}
}
