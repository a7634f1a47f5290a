package io.github.m2n2.eval;

import java.util.List;

/** The everyday workflow on one image: the IoU of each object, and the run's size and time. */
public final class WorkflowResult {

	private final String image;
	private final int[] labels;
	private final double[] ious;
	private final int clicks;
	private final double seconds;

	WorkflowResult(String image, int[] labels, double[] ious, int clicks, double seconds) {
		this.image = image;
		this.labels = labels;
		this.ious = ious;
		this.clicks = clicks;
		this.seconds = seconds;
	}

	public String image() { return image; }

	/** The object labels, ascending. */
	public int[] labels() { return labels.clone(); }

	/** IoU per object, in the order of {@link #labels}. */
	public double[] ious() { return ious.clone(); }

	public int clicks() { return clicks; }

	public double seconds() { return seconds; }

	public int objects() { return ious.length; }

	public double meanIou() { return mean(List.of(this)); }

	public double foundFraction() { return found(List.of(this)); }

	/** Mean IoU per object over all objects of the results; NaN without objects. */
	public static double mean(List<WorkflowResult> results) {
		double s = 0;
		int n = 0;
		for (WorkflowResult r : results)
			for (double v : r.ious) {
				s += v;
				n++;
			}
		return n == 0 ? Double.NaN : s / n;
	}

	/** Fraction of all objects with IoU at least {@link EverydayWorkflow#FOUND_IOU}; NaN without objects. */
	public static double found(List<WorkflowResult> results) {
		int f = 0, n = 0;
		for (WorkflowResult r : results)
			for (double v : r.ious) {
				if (v >= EverydayWorkflow.FOUND_IOU) f++;
				n++;
			}
		return n == 0 ? Double.NaN : (double) f / n;
	}

	/** {@code workflow: mean IoU a, b of n objects >= 0.5}, three decimals. */
	public static String summaryLine(List<WorkflowResult> results) {
		int n = 0;
		for (WorkflowResult r : results) n += r.objects();
		return String.format(java.util.Locale.ROOT, "workflow mIoU %.3f found %.3f over %d objects", mean(results), found(results), n);
	}
}
