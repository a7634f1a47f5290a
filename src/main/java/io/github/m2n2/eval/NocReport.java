package io.github.m2n2.eval;

import java.util.ArrayList;
import java.util.List;

/** The results of every object, and their means: NoC@85/90/95 and mean IoU per click. */
public final class NocReport {

	private final int maxClicks;
	private final List<ObjectResult<SimulatedClick>> objects = new ArrayList<>();

	public NocReport(int maxClicks) {
		if (maxClicks < 1) throw new IllegalArgumentException("max clicks must be at least 1, got " + maxClicks);
		this.maxClicks = maxClicks;
	}

	public void add(ObjectResult<SimulatedClick> r) {
		objects.add(r);
	}

	public List<ObjectResult<SimulatedClick>> objects() { return List.copyOf(objects); }

	public int count() { return objects.size(); }

	public int maxClicks() { return maxClicks; }

	/** Mean NoC over the objects so far; NaN when there are none. */
	public double meanNoc(double threshold) {
		if (objects.isEmpty()) return Double.NaN;
		double s = 0;
		for (ObjectResult<SimulatedClick> r : objects) s += r.noc(threshold);
		return s / objects.size();
	}

	/** Mean IoU after click 1..maxClicks. */
	public double[] meanIou() {
		double[] m = new double[maxClicks];
		if (objects.isEmpty()) {
			java.util.Arrays.fill(m, Double.NaN);
			return m;
		}
		for (ObjectResult<SimulatedClick> r : objects)
			for (int k = 1; k <= maxClicks; k++) m[k - 1] += r.iouAfter(k);
		for (int k = 0; k < maxClicks; k++) m[k] /= objects.size();
		return m;
	}

	/** {@code NoC85 a NoC90 b NoC95 c over n objects}, two decimals. */
	public String summaryLine() {
		return String.format(java.util.Locale.ROOT, "NoC85 %.2f NoC90 %.2f NoC95 %.2f over %d objects", meanNoc(0.85), meanNoc(0.90),
			meanNoc(0.95), count());
	}
}
