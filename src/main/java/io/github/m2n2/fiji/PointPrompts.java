package io.github.m2n2.fiji;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import ij.ImagePlus;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.process.FloatPolygon;

import io.github.m2n2.engine.Click;

/**
 * The prompts a user makes with ImageJ's multi-point tool. The point counters carry the
 * labels, so users choose a label by choosing a counter in the point tool (double-click the
 * tool):
 * <ul>
 * <li>all points in one counter (whichever): one object, label 1;</li>
 * <li>several counters: counter 0 is background and counter k is object k.</li>
 * </ul>
 * The single-counter rule exists because a user who just clicks a cell uses counter 0 without
 * knowing counters exist, and means that cell.
 */
public final class PointPrompts {

	/** Shown in dialogs and the live panel: the mapping must be discoverable without the docs. */
	public static final String LEGEND = "Points: multi-point tool. One counter = one object. "
		+ "Several counters: counter 0 = background, counter k = object k (double-click the point tool to pick a counter).";

	private PointPrompts() { }

	/** The clicks of the image's point selection on its current plane; empty if it has none. */
	public static List<Click> of(ImagePlus imp) {
		Roi roi = imp.getRoi();
		if (!(roi instanceof PointRoi)) return List.of();
		return of((PointRoi) roi, imp.getCurrentSlice(), imp.getStackSize() > 1);
	}

	/**
	 * @param plane the stack index whose points count (points without a position count on every plane)
	 */
	public static List<Click> of(PointRoi roi, int plane, boolean isStack) {
		FloatPolygon p = roi.getFloatPolygon();
		List<Integer> used = new ArrayList<>();
		// the counters of the whole selection, on every plane: counter k stays label k whichever
		// plane is current (counted per plane, a lone background click on one plane became object 1)
		TreeSet<Integer> counters = new TreeSet<>();
		for (int i = 0; i < p.npoints; i++) {
			counters.add(roi.getCounter(i));
			int position = roi.getPointPosition(i);
			if (isStack && position != 0 && position != plane) continue;
			used.add(i);
		}
		boolean single = counters.size() <= 1;
		List<Click> clicks = new ArrayList<>();
		for (int i : used) {
			int label = single ? 1 : roi.getCounter(i);
			clicks.add(new Click((int) Math.floor(p.xpoints[i]), (int) Math.floor(p.ypoints[i]), label));
		}
		return clicks;
	}

	/** The macro form {@code x,y,label;x,y,label}, as the points parameter reads it. */
	public static String toText(List<Click> clicks) {
		StringBuilder sb = new StringBuilder();
		for (Click c : clicks) {
			if (sb.length() > 0) sb.append(';');
			sb.append(c.x()).append(',').append(c.y()).append(',').append(c.label());
		}
		return sb.toString();
	}

	/** The counter a label is drawn with in a multi-counter selection (labels above 99 share 99). */
	public static int counterOf(int label) {
		return Math.min(label, PointRoi.MAX_COUNTERS - 1);
	}
}
