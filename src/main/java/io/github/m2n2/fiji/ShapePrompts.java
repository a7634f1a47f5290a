package io.github.m2n2.fiji;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import ij.gui.Roi;
import ij.process.FloatPolygon;
import ij.process.ImageProcessor;

import io.github.m2n2.engine.Click;

/**
 * Prompts drawn with ImageJ's other selection tools, for one object:
 * <ul>
 * <li>a line, segmented line or freehand line: points along it, about one every
 * {@value #MAX_LINE_POINTS}th of its length (and at most every 2 px), so that a curve is
 * followed without a click per pixel;</li>
 * <li>a rectangle, oval, polygon or freehand area: the object lies inside it, so one click at
 * the shape's interior-most pixel (farthest from its border) and the result clipped to the shape.</li>
 * </ul>
 */
final class ShapePrompts {

	/** Points a line becomes at most: each is a Markov-map, so a line costs as many clicks. */
	static final int MAX_LINE_POINTS = 24;

	/** Said when a selection is none of the shapes M2N2 reads. */
	static final String SHAPES = "M2N2 reads points (multi-point tool), lines (straight, segmented, freehand: points along them) "
		+ "and areas (rectangle, oval, polygon, freehand: the object inside)";

	private ShapePrompts() { }

	static boolean isPrompt(Roi roi) {
		if (roi == null || roi instanceof ij.gui.TextRoi || roi instanceof ij.gui.ImageRoi) return false; // rectangles by type, not prompts
		// ImageJ counts an angle as a line, but its two arms say nothing about an object
		return roi.isLine() && roi.getType() != Roi.ANGLE || roi.isArea() && roi.getType() != Roi.COMPOSITE;
	}

	/** The clicks a line or area means for object {@code label}, inside a width x height image. */
	static List<Click> clicks(Roi roi, int label, int width, int height) {
		if (roi.isLine()) return along(roi, label, width, height);
		int[] at = interiorMost(roi, width, height);
		return at == null ? List.of() : List.of(new Click(at[0], at[1], label));
	}

	private static List<Click> along(Roi line, int label, int width, int height) {
		double length = line.getLength();
		double step = Math.max(2, length / (MAX_LINE_POINTS - 1));
		FloatPolygon p = length < 1 ? line.getFloatPolygon() : line.getInterpolatedPolygon(step, false);
		Set<Click> out = new LinkedHashSet<>();
		for (int i = 0; i < p.npoints; i++) {
			int x = (int) Math.floor(p.xpoints[i]), y = (int) Math.floor(p.ypoints[i]);
			if (x >= 0 && y >= 0 && x < width && y < height) out.add(new Click(x, y, label));
		}
		return new ArrayList<>(out);
	}

	/**
	 * The pixel of the shape farthest from its outside (chessboard-free chamfer distance 3-4),
	 * or null when the shape covers no pixel of the image.
	 */
	static int[] interiorMost(Roi area, int width, int height) {
		Rectangle b = area.getBounds().intersection(new Rectangle(0, 0, width, height));
		if (b.isEmpty()) return null;
		boolean[] in = inside(area, width, height, b);
		int w = b.width + 2, h = b.height + 2; // a ring of outside around the bounds
		int[] d = new int[w * h];
		final int inf = Integer.MAX_VALUE / 2;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				boolean inside = x > 0 && y > 0 && x <= b.width && y <= b.height && in[(y - 1) * b.width + x - 1];
				d[y * w + x] = inside ? inf : 0;
			}
		for (int y = 1; y < h - 1; y++)
			for (int x = 1; x < w - 1; x++) {
				int i = y * w + x;
				if (d[i] == 0) continue;
				d[i] = Math.min(d[i], Math.min(Math.min(d[i - 1] + 3, d[i - w] + 3), Math.min(d[i - w - 1] + 4, d[i - w + 1] + 4)));
			}
		int bestD = 0;
		for (int y = h - 2; y >= 1; y--)
			for (int x = w - 2; x >= 1; x--) {
				int i = y * w + x;
				if (d[i] == 0) continue;
				d[i] = Math.min(d[i], Math.min(Math.min(d[i + 1] + 3, d[i + w] + 3), Math.min(d[i + w + 1] + 4, d[i + w - 1] + 4)));
				bestD = Math.max(bestD, d[i]);
			}
		if (bestD == 0) return null;
		// a wide rectangle's farthest pixels form a line: take the one nearest their middle
		double sx = 0, sy = 0;
		int n = 0;
		for (int i = 0; i < d.length; i++)
			if (d[i] == bestD) {
				sx += i % w;
				sy += i / w;
				n++;
			}
		double mx = sx / n, my = sy / n, nearest = Double.MAX_VALUE;
		int best = -1;
		for (int i = 0; i < d.length; i++)
			if (d[i] == bestD) {
				double dd = (i % w - mx) * (i % w - mx) + (i / w - my) * (i / w - my);
				if (dd < nearest) {
					nearest = dd;
					best = i;
				}
			}
		return new int[] { b.x + best % w - 1, b.y + best / w - 1 };
	}

	/** Which pixels of the bounds lie in the shape. */
	private static boolean[] inside(Roi area, int width, int height, Rectangle b) {
		boolean[] in = new boolean[b.width * b.height];
		Rectangle rb = area.getBounds();
		ImageProcessor mask = area.getMask(); // null for a plain rectangle: all of its bounds
		for (int y = 0; y < b.height; y++)
			for (int x = 0; x < b.width; x++) {
				int ix = b.x + x, iy = b.y + y;
				in[y * b.width + x] = mask == null || mask.get(ix - rb.x, iy - rb.y) != 0;
			}
		return in;
	}

	/** The labels with object {@code label} removed outside the shape (other objects untouched). */
	static LabelResult clip(LabelResult r, Roi area, int label) {
		int w = r.width(), h = r.height();
		short[] labels = r.labels().clone();
		Rectangle rb = area.getBounds();
		ImageProcessor mask = area.getMask();
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int i = y * w + x;
				if ((labels[i] & 0xffff) != label) continue;
				boolean inside = rb.contains(x, y) && (mask == null || mask.get(x - rb.x, y - rb.y) != 0);
				if (!inside) labels[i] = 0;
			}
		return new LabelResult(w, h, labels, r.clicks(), r.note());
	}
}
