package io.github.m2n2.fiji;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.process.FloatPolygon;

import io.github.m2n2.engine.Click;

/**
 * The prompts of live mode at one moment: the points with their counters (and planes, in the
 * counters' upper bits, as ImageJ keeps them) and the areas drawn around objects, keyed by
 * counter. Immutable, so the undo history can hold it.
 */
final class PointSnapshot {

	static final PointSnapshot EMPTY = new PointSnapshot(new float[0], new float[0], new int[0], Map.of());

	private final float[] x, y;
	private final int[] counters;
	/** counter -> the area its object is clipped to */
	final Map<Integer, Roi> areas;

	private PointSnapshot(float[] x, float[] y, int[] counters, Map<Integer, Roi> areas) {
		this.x = x;
		this.y = y;
		this.counters = counters;
		this.areas = Map.copyOf(areas);
	}

	/** The point selection (none: empty), keeping those areas whose counter still has points. */
	static PointSnapshot of(Roi roi, Map<Integer, Roi> areas) {
		if (!(roi instanceof PointRoi) || ((PointRoi) roi).size() == 0) return EMPTY;
		PointRoi p = (PointRoi) roi;
		FloatPolygon fp = p.getFloatPolygon();
		int[] c = p.getCounters();
		if (c == null) c = new int[fp.npoints];
		PointSnapshot s = new PointSnapshot(Arrays.copyOf(fp.xpoints, fp.npoints), Arrays.copyOf(fp.ypoints, fp.npoints), c.clone(), Map.of());
		Map<Integer, Roi> kept = new LinkedHashMap<>();
		for (Map.Entry<Integer, Roi> e : areas.entrySet()) if (s.usesCounter(e.getKey())) kept.put(e.getKey(), e.getValue());
		return new PointSnapshot(s.x, s.y, s.counters, kept);
	}

	int size() { return x.length; }

	boolean usesCounter(int counter) {
		for (int c : counters) if ((c & 0xff) == counter) return true;
		return false;
	}

	/** The point selection showing these points, or null when there are none. */
	PointRoi toRoi() {
		if (x.length == 0) return null;
		PointRoi roi = new PointRoi(x.clone(), y.clone(), x.length);
		roi.setCounters(counters.clone());
		return roi;
	}

	/** These points and the clicks of a drawn shape, in {@code counter} on {@code plane} (0: every plane). */
	PointSnapshot plus(List<Click> clicks, int counter, int plane, Roi area) {
		int n = x.length, m = clicks.size();
		float[] nx = Arrays.copyOf(x, n + m), ny = Arrays.copyOf(y, n + m);
		int[] nc = Arrays.copyOf(counters, n + m);
		for (int i = 0; i < m; i++) {
			nx[n + i] = clicks.get(i).x() + 0.5f;
			ny[n + i] = clicks.get(i).y() + 0.5f;
			nc[n + i] = counter | (plane << 8);
		}
		Map<Integer, Roi> a = new LinkedHashMap<>(areas);
		if (area != null) a.put(counter, area);
		return new PointSnapshot(nx, ny, nc, a);
	}

	/** Without the point nearest (x, y) on this plane (or on every plane), or this when there is none. */
	PointSnapshot withoutNearest(double px, double py, int plane) {
		int best = -1;
		double bestD = Double.MAX_VALUE;
		for (int i = 0; i < x.length; i++) {
			int position = counters[i] >>> 8;
			if (position != 0 && position != plane) continue;
			double d = (x[i] - px) * (x[i] - px) + (y[i] - py) * (y[i] - py);
			if (d < bestD) {
				bestD = d;
				best = i;
			}
		}
		if (best < 0) return this;
		float[] nx = new float[x.length - 1], ny = new float[x.length - 1];
		int[] nc = new int[x.length - 1];
		for (int i = 0, j = 0; i < x.length; i++) {
			if (i == best) continue;
			nx[j] = x[i];
			ny[j] = y[i];
			nc[j++] = counters[i];
		}
		PointSnapshot s = new PointSnapshot(nx, ny, nc, Map.of());
		Map<Integer, Roi> kept = new LinkedHashMap<>();
		for (Map.Entry<Integer, Roi> e : areas.entrySet()) if (s.usesCounter(e.getKey())) kept.put(e.getKey(), e.getValue());
		return new PointSnapshot(nx, ny, nc, kept);
	}

	/** The label each area's object gets, as {@link PointPrompts} labels the points: one counter in use = label 1. */
	Map<Integer, Roi> areasByLabel(int plane) {
		TreeSet<Integer> used = new TreeSet<>();
		for (int c : counters) {
			int position = c >>> 8;
			if (position == 0 || position == plane) used.add(c & 0xff);
		}
		Map<Integer, Roi> out = new LinkedHashMap<>();
		for (Map.Entry<Integer, Roi> e : areas.entrySet())
			if (used.contains(e.getKey())) out.put(used.size() <= 1 ? 1 : e.getKey(), e.getValue());
		return out;
	}

	@Override
	public boolean equals(Object o) {
		if (!(o instanceof PointSnapshot)) return false;
		PointSnapshot s = (PointSnapshot) o;
		if (!Arrays.equals(x, s.x) || !Arrays.equals(y, s.y) || !Arrays.equals(counters, s.counters) || !areas.keySet().equals(s.areas.keySet()))
			return false;
		for (Map.Entry<Integer, Roi> e : areas.entrySet()) if (e.getValue() != s.areas.get(e.getKey())) return false;
		return true;
	}

	@Override
	public int hashCode() { return Arrays.hashCode(x) * 31 + Arrays.hashCode(counters); }
}
