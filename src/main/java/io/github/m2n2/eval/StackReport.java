package io.github.m2n2.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.m2n2.engine.stack.PlaneClick;

/**
 * The stack evaluation's results: every object clicked with propagation and, as the baseline,
 * with only the clicked planes segmented. NoC at 70, 80 and 90 % 3D IoU (3D objects are
 * harder to match voxel for voxel than 2D ones, so the thresholds sit lower than 2D's 85/90/95).
 */
public final class StackReport {

	public static final double[] THRESHOLDS = { 0.70, 0.80, 0.90 };

	private final int maxClicks;
	private final List<ObjectResult<PlaneClick>> propagated = new ArrayList<>();
	private final List<ObjectResult<PlaneClick>> clickedPlanesOnly = new ArrayList<>();

	public StackReport(int maxClicks) {
		this.maxClicks = maxClicks;
	}

	public void add(ObjectResult<PlaneClick> withPropagation, ObjectResult<PlaneClick> baseline) {
		propagated.add(withPropagation);
		clickedPlanesOnly.add(baseline);
	}

	public int count() { return propagated.size(); }

	public int maxClicks() { return maxClicks; }

	public List<ObjectResult<PlaneClick>> propagated() { return List.copyOf(propagated); }

	public List<ObjectResult<PlaneClick>> baseline() { return List.copyOf(clickedPlanesOnly); }

	public static double meanNoc(List<ObjectResult<PlaneClick>> results, double threshold) {
		if (results.isEmpty()) return Double.NaN;
		double s = 0;
		for (ObjectResult<PlaneClick> r : results) s += r.noc(threshold);
		return s / results.size();
	}

	public double[] meanIou(List<ObjectResult<PlaneClick>> results) {
		double[] m = new double[maxClicks];
		if (results.isEmpty()) java.util.Arrays.fill(m, Double.NaN);
		for (ObjectResult<PlaneClick> r : results)
			for (int k = 1; k <= maxClicks; k++) m[k - 1] += r.iouAfter(k) / results.size();
		return m;
	}

	/** {@code NoC70 a NoC80 b NoC90 c over n objects (clicked planes only: NoC70 ...)}. */
	public String summaryLine() {
		return String.format(Locale.ROOT, "NoC70 %.2f NoC80 %.2f NoC90 %.2f over %d objects (clicked planes only: NoC70 %.2f NoC80 %.2f NoC90 %.2f)",
			meanNoc(propagated, 0.7), meanNoc(propagated, 0.8), meanNoc(propagated, 0.9), count(), meanNoc(clickedPlanesOnly, 0.7),
			meanNoc(clickedPlanesOnly, 0.8), meanNoc(clickedPlanesOnly, 0.9));
	}

	/** The JSON report: one block per mode (NoCs, mean IoU per click, per object), then the run's description. */
	public String json(Map<String, Object> run) {
		Json j = new Json().beginObject();
		j.name("objects").value(count());
		j.name("maxClicks").value(maxClicks);
		j.name("propagation");
		mode(j, propagated);
		j.name("clickedPlanesOnly");
		mode(j, clickedPlanesOnly);
		ReportJson.writeRun(j, run);
		j.endObject();
		return j.toString();
	}

	private void mode(Json j, List<ObjectResult<PlaneClick>> results) {
		j.beginObject();
		j.name("NoC70").value(meanNoc(results, 0.7));
		j.name("NoC80").value(meanNoc(results, 0.8));
		j.name("NoC90").value(meanNoc(results, 0.9));
		j.name("mIoU").array(meanIou(results));
		j.name("perObject").beginArray();
		for (ObjectResult<PlaneClick> r : results) {
			j.beginObject();
			j.name("image").value(r.image());
			j.name("label").value(r.label());
			j.name("NoC70").value(r.noc(0.7));
			j.name("NoC80").value(r.noc(0.8));
			j.name("NoC90").value(r.noc(0.9));
			j.name("iou").array(r.ious());
			j.name("seconds").value(r.seconds());
			j.name("clicks").beginArray();
			for (PlaneClick c : r.clicks()) {
				j.beginObject();
				j.name("x").value(c.x());
				j.name("y").value(c.y());
				j.name("plane").value(c.plane() + 1);
				j.name("label").value(c.label());
				j.endObject();
			}
			j.endArray();
			j.endObject();
		}
		j.endArray();
		j.endObject();
	}
}
