package io.github.m2n2.fiji;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;
import ij.measure.Calibration;

import io.github.m2n2.backbone.Backbone;
import io.github.m2n2.backbone.BackboneException;
import io.github.m2n2.input.UserError;
import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.engine.stack.PlaneClick;
import io.github.m2n2.engine.stack.PlaneGuides;
import io.github.m2n2.engine.stack.StackPropagation;
import io.github.m2n2.engine.stack.StackSegmentation;
import io.github.m2n2.io.StackImages;
import io.github.m2n2.io.StackImages.Axis;

/**
 * Segments a whole stack from clicks on some of its planes: every object is carried from the
 * plane it was clicked on through the slices (or, for a time-lapse, the frames). Shared by the
 * M2N2 command (Planes: all) and live mode's Propagate. Nothing is created until every plane is
 * done, so a canceled run leaves no half result behind.
 */
final class StackRun {

	/** The label stack and one ROI per object and plane. */
	static final class Result {
		final ImagePlus labels;
		final List<Roi> rois;
		final int objects;
		final Axis axis;

		Result(ImagePlus labels, List<Roi> rois, int objects, Axis axis) {
			this.labels = labels;
			this.rois = rois;
			this.objects = objects;
			this.axis = axis;
		}

		String summary() {
			return objects + (objects == 1 ? " object" : " objects") + " through " + StackImages.planes(labels, axis) + " " + axis.word + "s, "
				+ rois.size() + " ROIs";
		}
	}

	private StackRun() { }

	static Result run(ImagePlus imp, List<StackPrompts.Prompt> prompts, SegmentationRequest request, ProgressListener progress) {
		io.github.m2n2.engine.TransitionMatrix.warmUpInBackground();
		try {
			request.validate();
		} catch (IllegalArgumentException e) {
			throw new UserError(e.getMessage());
		}
		Axis axis = Axis.defaultFor(imp);
		Map<Integer, List<PlaneClick>> groups = groups(imp, prompts, axis);
		if (request.backbone.effectiveName().equals(io.github.m2n2.backbone.AttentionFileBackbone.NAME))
			throw new UserError("An attention file holds the attention of one plane; propagating through a stack needs one attention per plane. "
				+ "Choose the embedded or sd2 backbone, or segment the current plane only.");
		int channel = imp.isComposite() && imp.getCompositeMode() == IJ.COMPOSITE ? 1 : imp.getC();
		Map<Integer, StackSegmentation> results = new TreeMap<>();
		StackCache cache = StackCache.shared();
		// like a single plane, a large stack is segmented on a working copy of each plane
		int[] working = WorkingCopy.size(imp.getWidth(), imp.getHeight(), request.workingSize);
		try {
			Backbone backbone = cache.backbone(imp, axis, channel, request);
			int r = request.resolution > 0 ? request.resolution : backbone.defaultResolution();
			long need = StackPropagation.minimumBytes(working == null ? imp.getWidth() : working[0], working == null ? imp.getHeight() : working[1],
				StackImages.planes(imp, axis), r, request.settings) + StackImages.labelStackBytes(imp);
			long free = IJ.maxMemory() - IJ.currentMemory();
			if (need > free && !cache.warm()) {
				cache.release();
				throw new UserError(String.format(java.util.Locale.ROOT, "Propagating through this stack needs about %.1f GiB at resolution %d but "
					+ "ImageJ has %.1f GiB left: choose a smaller resolution, crop the stack, or give ImageJ more memory (Edit > Options > Memory).",
					need / 1073741824.0, r, free / 1073741824.0));
			}
			for (Map.Entry<Integer, List<PlaneClick>> g : groups.entrySet()) {
				PlaneGuides guides = working(StackImages.planes(imp, axis, channel, g.getKey(), request.grey), working);
				// cached with the image: a run after a correction segments only the planes whose clicks changed
				StackPropagation<BackboneException> prop = cache.propagation(g.getKey(), guides, r, request);
				StackSegmentation s = prop.run(toWorking(g.getValue(), imp, working), true, progress);
				results.put(g.getKey(), s.resized(imp.getWidth(), imp.getHeight(), g.getValue()));
			}
		} catch (BackboneException e) {
			cache.release();
			throw new UserError(e.getMessage());
		} catch (OutOfMemoryError e) {
			cache.release();
			throw new UserError("Out of memory: choose a smaller resolution, or give ImageJ more memory (Edit > Options > Memory).");
		}
		ImagePlus labels = StackImages.labelStack(imp, axis, results, LabelImages.title(imp));
		labels.getProcessor().setLut(Palette.labelLut());
		for (int i = 1; i <= labels.getStackSize(); i++) labels.getStack().getProcessor(i).setLut(Palette.labelLut());
		int max = 0;
		for (StackSegmentation s : results.values()) max = Math.max(max, s.maxLabel());
		labels.setDisplayRange(0, Math.max(255, max));
		Calibration cal = labels.getCalibration();
		cal.disableDensityCalibration();
		labels.setProperty("Info", "M2N2 labels of " + imp.getTitle() + ", propagated along " + axis.column + "\nPoints: "
			+ StackPrompts.toText(prompts, imp));
		Result result = new Result(labels, rois(imp, axis, results), objects(results), axis);
		if (working != null)
			IJ.log("M2N2 propagated through " + working[0] + " x " + working[1] + " working copies of this " + imp.getWidth() + " x " + imp.getHeight()
				+ " stack's planes (working size " + request.workingSize + "); the labels were scaled back to full size. Raise the working size for finer edges.");
		return result;
	}

	/** The planes as working copies of {@code size}, or as they are when {@code size} is null. */
	private static PlaneGuides working(PlaneGuides full, int[] size) {
		if (size == null) return full;
		return new PlaneGuides() {
			@Override
			public int width() { return size[0]; }

			@Override
			public int height() { return size[1]; }

			@Override
			public int planes() { return full.planes(); }

			@Override
			public io.github.m2n2.engine.GuideImage guide(int plane) { return full.guide(plane).resized(size[0], size[1]); }
		};
	}

	private static List<PlaneClick> toWorking(List<PlaneClick> clicks, ImagePlus imp, int[] size) {
		if (size == null) return clicks;
		List<PlaneClick> out = new ArrayList<>(clicks.size());
		for (PlaneClick c : clicks)
			out.add(new PlaneClick(io.github.m2n2.engine.NearestResize.down(c.x(), imp.getWidth(), size[0]),
				io.github.m2n2.engine.NearestResize.down(c.y(), imp.getHeight(), size[1]), c.plane(), c.label()));
		return out;
	}

	private static Map<Integer, List<PlaneClick>> groups(ImagePlus imp, List<StackPrompts.Prompt> prompts, Axis axis) {
		if (prompts.isEmpty())
			throw new UserError("No points: click each object once with the multi-point tool, on any slice or frame, or give points as x,y,z,label;...");
		int w = imp.getWidth(), h = imp.getHeight();
		boolean object = false;
		Map<Integer, List<PlaneClick>> groups = new TreeMap<>();
		for (StackPrompts.Prompt p : prompts) {
			if (p.x < 0 || p.y < 0 || p.x >= w || p.y >= h)
				throw new UserError("The point " + p.x + "," + p.y + " lies outside the " + w + " x " + h + " image.");
			if (p.z < 1 || p.z > imp.getNSlices()) throw new UserError("The point " + p.x + "," + p.y + " is on slice " + p.z + "; the image has slices 1.." + imp.getNSlices() + ".");
			if (p.t < 1 || p.t > imp.getNFrames()) throw new UserError("The point " + p.x + "," + p.y + " is on frame " + p.t + "; the image has frames 1.." + imp.getNFrames() + ".");
			int plane = (axis == Axis.Z ? p.z : p.t) - 1, other = axis == Axis.Z ? p.t : p.z;
			groups.computeIfAbsent(other, k -> new ArrayList<>()).add(new PlaneClick(p.x, p.y, plane, p.label));
			object |= p.label != 0;
		}
		if (!object) throw new UserError("Every point is background (counter 0 / label 0): add at least one object point (counter or label 1 or more).");
		return groups;
	}

	private static int objects(Map<Integer, StackSegmentation> results) {
		java.util.Set<Integer> labels = new java.util.TreeSet<>();
		for (StackSegmentation s : results.values()) {
			long[] v = s.voxelsPerLabel();
			for (int k = 1; k < v.length; k++) if (v[k] > 0) labels.add(k);
		}
		return labels.size();
	}

	/** One ROI per object and plane, named {@code M2N2 object k}, at its slice and frame. */
	static List<Roi> rois(ImagePlus imp, Axis axis, Map<Integer, StackSegmentation> results) {
		List<Roi> rois = new ArrayList<>();
		int w = imp.getWidth(), h = imp.getHeight();
		boolean hyper = imp.isHyperStack() || imp.getNChannels() > 1 || (imp.getNSlices() > 1 && imp.getNFrames() > 1);
		int c = imp.isComposite() && imp.getCompositeMode() == IJ.COMPOSITE ? 0 : imp.getC();
		for (Map.Entry<Integer, StackSegmentation> e : results.entrySet()) {
			StackSegmentation s = e.getValue();
			for (int p = 0; p < s.planes(); p++) {
				if (!s.segmented(p)) continue;
				short[] labels = s.labels(p);
				java.util.SortedSet<Integer> present = new java.util.TreeSet<>();
				for (short v : labels) if (v != 0) present.add(v & 0xffff);
				int z = axis == Axis.Z ? p + 1 : e.getKey(), t = axis == Axis.Z ? e.getKey() : p + 1;
				for (int k : present) {
					Roi roi = ObjectRois.outline(labels, w, h, k);
					if (roi == null) continue;
					if (hyper) roi.setPosition(c, z, t);
					else roi.setPosition(imp.getStackIndex(1, z, t));
					rois.add(roi);
				}
			}
		}
		return rois;
	}
}
