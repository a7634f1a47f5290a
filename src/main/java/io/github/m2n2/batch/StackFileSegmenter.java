package io.github.m2n2.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import ij.ImagePlus;

import io.github.m2n2.backbone.Backbone;
import io.github.m2n2.backbone.BackboneException;
import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.engine.Settings;
import io.github.m2n2.engine.stack.PlaneClick;
import io.github.m2n2.engine.stack.PlaneGuides;
import io.github.m2n2.engine.stack.PropagationSettings;
import io.github.m2n2.engine.stack.StackPropagation;
import io.github.m2n2.engine.stack.StackSegmentation;
import io.github.m2n2.input.PointsParser;
import io.github.m2n2.input.StackPoints;
import io.github.m2n2.input.UserError;
import io.github.m2n2.io.ImageFiles;
import io.github.m2n2.io.ImagePlusGuide;
import io.github.m2n2.io.StackImages;
import io.github.m2n2.io.StackImages.Axis;

/**
 * A stack and its clicks file ({@code x,y,z,label}, {@code x,y,t,label} or {@code
 * x,y,z,t,label}) in, a label stack out: the one stack path of {@code segment}, {@code batch}
 * and Fiji's batch command, as {@link FileSegmenter} is for single planes. Every check happens
 * before anything is computed; nothing is written until the whole stack is done.
 */
public final class StackFileSegmenter {

	/** How a stack is segmented besides the engine settings. */
	public static final class Options {
		/** Carry every object through the stack (else only the clicked planes are segmented). */
		public boolean propagate;
		/** The propagation axis, or null for {@link Axis#defaultFor}. */
		public Axis axis;
		public PropagationSettings propagation = new PropagationSettings();
		public ImagePlusGuide.GreyMapping grey = ImagePlusGuide.GreyMapping.DEFAULT;
	}

	/** A segmented stack with what its label file and summary need. */
	public static final class Result {
		public final Axis axis;
		public final Map<Integer, StackSegmentation> byOther;
		public final long planesPrepared;
		public final int clicks;
		private final ImagePlus input;

		Result(ImagePlus input, Axis axis, Map<Integer, StackSegmentation> byOther, long planesPrepared, int clicks) {
			this.input = input;
			this.axis = axis;
			this.byOther = byOther;
			this.planesPrepared = planesPrepared;
			this.clicks = clicks;
		}

		/** Writes the 16-bit label stack (atomically) with the input's slices, frames and calibration. */
		public void writeLabels(Path out, String title) throws IOException {
			ImageFiles.saveTiff(StackImages.labelStack(input, axis, byOther, title), out);
		}

		/** One line: each object's planes and voxels, clicks, planes prepared, seconds, output. */
		public String summary(String name, double seconds, Path out) {
			Map<Integer, int[]> span = new TreeMap<>();
			Map<Integer, Long> voxels = new TreeMap<>();
			for (StackSegmentation s : byOther.values()) {
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
				sb.append("label ").append(e.getKey()).append(": ").append(axis.word).append("s ").append(s[0]).append('-').append(s[1])
					.append(", ").append(e.getValue()).append(" voxels; ");
			}
			if (!voxels.isEmpty()) sb.setLength(sb.length() - 2);
			sb.append(String.format(Locale.ROOT, ") from %d clicks, %d planes prepared, in %.2f s -> %s", clicks, planesPrepared, seconds, out));
			return sb.toString();
		}

		/** Objects and voxels per label, as a batch summary row counts them. */
		FolderRun.Outcome outcome() {
			long[] counts = new long[1];
			for (StackSegmentation s : byOther.values()) {
				long[] v = s.voxelsPerLabel();
				if (v.length > counts.length) counts = java.util.Arrays.copyOf(counts, v.length);
				for (int k = 0; k < v.length; k++) counts[k] += v[k];
			}
			// planes no segmentation covers are background in the label stack
			long voxels = (long) input.getWidth() * input.getHeight() * input.getNSlices() * input.getNFrames(), counted = 0;
			for (long c : counts) counted += c;
			counts[0] += voxels - counted;
			int objects = 0;
			for (int k = 1; k < counts.length; k++) if (counts[k] > 0) objects++;
			return new FolderRun.Outcome(objects, SegmentJob.pixelsPerLabel(counts));
		}
	}

	private StackFileSegmenter() { }

	/** Whether an image and its points file take the stack path. */
	public static boolean applies(ImagePlus imp, Path points) {
		return StackImages.isStack(imp) || StackPoints.hasPlaneColumns(points);
	}

	/**
	 * @param name       the image's file name, for messages
	 * @param resolution the attention grid side, or 0 for the backbone's default
	 * @throws UserError for clicks or options that do not fit the stack, or too little memory
	 */
	public static Result segment(ImagePlus imp, String name, Path csv, Backbone backbone, int resolution, Settings settings, Options options,
		ProgressListener progress) throws BackboneException {
		if (!StackImages.isStack(imp)) {
			if (options.propagate || options.axis != null)
				throw new UserError("propagating needs a stack; " + name + " is a single plane (use x,y,label clicks without --propagate or --axis)");
			throw new UserError("the points file has a z or t column but " + name + " is a single plane; write the header x,y,label");
		}
		if (!StackPoints.hasPlaneColumns(csv))
			throw new UserError(name + " is a stack (" + imp.getNSlices() + " slices, " + imp.getNFrames()
				+ " frames): the points need their plane, header x,y,z,label, x,y,t,label or x,y,z,t,label");
		if (backbone.name().equals(io.github.m2n2.backbone.AttentionFileBackbone.NAME))
			throw new UserError("an attention file holds the attention of one plane, and " + name
				+ " is a stack that needs one attention per plane: use the embedded or sd2 backbone");
		StackPoints points = StackPoints.read(csv);
		Axis axis = options.axis != null ? options.axis : Axis.defaultFor(imp);
		if (StackImages.planes(imp, axis) < 2)
			throw new UserError("the axis " + axis.column + " was asked for but " + name + " has a single " + axis.word + " (" + imp.getNSlices()
				+ " slices, " + imp.getNFrames() + " frames)");
		Map<Integer, List<PlaneClick>> groups = group(points, imp, axis, name, csv);
		if (!options.propagate) requireObjectOnEveryClickedPlane(groups, axis, csv);
		int r = FileSegmenter.gridSide(backbone, resolution);
		Runtime rt = Runtime.getRuntime();
		requireMemory(imp, axis, r, settings, name, rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()));
		Map<Integer, StackSegmentation> results = new TreeMap<>();
		long prepared = 0;
		try {
			for (Map.Entry<Integer, List<PlaneClick>> g : groups.entrySet()) {
				PlaneGuides guides = StackImages.planes(imp, axis, 1, g.getKey(), options.grey);
				StackPropagation<BackboneException> prop = new StackPropagation<>(guides, (guide, p, pr) -> backbone.attention(guide, r, pr), r,
					settings, options.propagation);
				try {
					results.put(g.getKey(), prop.run(g.getValue(), options.propagate, progress));
					prepared += prop.planesPrepared();
				} finally {
					prop.release();
				}
			}
		} catch (IllegalArgumentException e) {
			throw new UserError(e.getMessage());
		}
		return new Result(imp, axis, results, prepared, points.rows.size());
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
		Map<Long, StackPoints.Row> at = new HashMap<>();
		boolean object = false;
		for (StackPoints.Row row : points.rows) {
			String where = csv + " line " + row.line + ": point " + row;
			if (row.x < 0 || row.y < 0 || row.x >= w || row.y >= h)
				throw new UserError(where + " lies outside the " + w + " x " + h + " planes (x in 0.." + (w - 1) + ", y in 0.." + (h - 1) + ")");
			if (row.z > slices) throw new UserError(where + " lies on slice " + row.z + " but " + name + " has slices 1.." + slices);
			if (row.t > frames) throw new UserError(where + " lies on frame " + row.t + " but " + name + " has frames 1.." + frames);
			int z = Math.max(1, row.z), t = Math.max(1, row.t);
			StackPoints.Row before = at.putIfAbsent(PointsParser.pixel(row.x, row.y, z, t), row);
			if (before != null && before.label != row.label)
				throw PointsParser.contradiction(csv + " lines " + before.line + " and " + row.line + ": point " + row.x + "," + row.y
					+ (points.hasZ ? " on slice " + z : "") + (points.hasT ? " of frame " + t : ""), before.label, row.label);
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
						+ "; without propagation nothing is segmented there: add an object click on it or propagate (--propagate)");
		}
	}

	/** @param free bytes Java can still allocate */
	public static void requireMemory(ImagePlus imp, Axis axis, int r, Settings settings, String name, long free) {
		int planes = StackImages.planes(imp, axis);
		long need = StackPropagation.minimumBytes(imp.getWidth(), imp.getHeight(), planes, r, settings) + StackImages.labelStackBytes(imp);
		if (need > free)
			throw new UserError(String.format(Locale.ROOT,
				"%s needs about %.1f GiB at resolution %d (one prepared %d x %d plane and the label stack of %d planes) but Java has %.1f GiB left:"
					+ " use a smaller --resolution, crop the stack, or give Java more memory (M2N2_JAVA_OPTS=-Xmx16g)",
				name, need / 1073741824.0, r, imp.getWidth(), imp.getHeight(), imp.getNSlices() * imp.getNFrames(), free / 1073741824.0));
	}
}
