package io.github.m2n2.fiji;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import ij.ImagePlus;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.process.FloatPolygon;

/**
 * The multi-point clicks of a stack, each with the slice and frame it was made on (the point
 * tool records a stack position per point). Labels follow {@link PointPrompts}: one counter is
 * one object, several counters mean counter 0 background and counter k object k.
 */
final class StackPrompts {

	/** A click with its ImageJ position: slice z and frame t, both from 1. */
	static final class Prompt {
		final int x, y, z, t, label;

		Prompt(int x, int y, int z, int t, int label) {
			this.x = x;
			this.y = y;
			this.z = z;
			this.t = t;
			this.label = label;
		}

		@Override
		public String toString() { return x + "," + y + ",z" + z + ",t" + t + "," + label; }
	}

	private StackPrompts() { }

	/** Every point of the image's point selection, on whichever plane it was clicked; empty if there is none. */
	static List<Prompt> of(ImagePlus imp) {
		Roi roi = imp.getRoi();
		if (!(roi instanceof PointRoi)) return List.of();
		PointRoi points = (PointRoi) roi;
		FloatPolygon p = points.getFloatPolygon();
		TreeSet<Integer> counters = new TreeSet<>();
		for (int i = 0; i < p.npoints; i++) counters.add(points.getCounter(i));
		boolean single = counters.size() <= 1;
		List<Prompt> out = new ArrayList<>();
		for (int i = 0; i < p.npoints; i++) {
			int index = points.getPointPosition(i);
			int z = imp.getZ(), t = imp.getT();
			if (index > 0) {
				int[] czt = imp.convertIndexToPosition(index);
				z = czt[1];
				t = czt[2];
			}
			int label = single ? 1 : points.getCounter(i);
			out.add(new Prompt((int) Math.floor(p.xpoints[i]), (int) Math.floor(p.ypoints[i]), z, t, label));
		}
		return out;
	}

	/**
	 * The macro form {@code x,y,z,label;...} (z-stacks), {@code x,y,t,label;...} (time-lapses)
	 * or {@code x,y,z,t,label;...} (hyperstacks); z and t from 1.
	 */
	static List<Prompt> parse(String text, ImagePlus imp) {
		boolean slices = imp.getNSlices() > 1, frames = imp.getNFrames() > 1;
		int columns = 3 + (slices ? 1 : 0) + (frames ? 1 : 0);
		String form = "x,y" + (slices ? ",z" : "") + (frames ? ",t" : "") + ",label";
		List<Prompt> out = new ArrayList<>();
		for (String part : text.split(";")) {
			if (part.isBlank()) continue;
			String[] v = part.trim().split("\\s*,\\s*");
			if (v.length != columns)
				throw new io.github.m2n2.input.UserError("The point '" + part.trim() + "' has " + v.length + " values; on this stack write " + form
					+ " (z and t from 1), separated by ';'.");
			try {
				int x = (int) Math.floor(Double.parseDouble(v[0])), y = (int) Math.floor(Double.parseDouble(v[1]));
				int z = slices ? Integer.parseInt(v[2]) : 1, t = frames ? Integer.parseInt(v[slices ? 3 : 2]) : 1;
				out.add(new Prompt(x, y, z, t, Integer.parseInt(v[columns - 1])));
			} catch (NumberFormatException e) {
				throw new io.github.m2n2.input.UserError("The point '" + part.trim() + "' is not " + form + " with whole numbers for the plane and label.");
			}
		}
		return out;
	}

	static String toText(List<Prompt> prompts, ImagePlus imp) {
		StringBuilder sb = new StringBuilder();
		for (Prompt p : prompts) {
			if (sb.length() > 0) sb.append(';');
			sb.append(p.x).append(',').append(p.y);
			if (imp.getNSlices() > 1) sb.append(',').append(p.z);
			if (imp.getNFrames() > 1) sb.append(',').append(p.t);
			sb.append(',').append(p.label);
		}
		return sb.toString();
	}
}
