package io.github.m2n2.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;

import io.github.m2n2.engine.Click;

/**
 * The everyday annotation of a label image: every object clicked once at its interior-most
 * pixel, plus one background click at the interior-most background pixel, all in one session;
 * object {@code k} of the label image is M2N2 label {@code k}. This is what a microscopist does
 * with a field of nuclei, and unlike the one-object-at-a-time NoC protocol it makes touching
 * objects compete for their shared boundary.
 */
public final class EverydayWorkflow {

	/** An IoU at or above this counts as "found" (the usual instance-matching criterion). */
	public static final double FOUND_IOU = 0.5;

	private EverydayWorkflow() { }

	/**
	 * The clicks, objects in ascending label order, the background click last (absent when the
	 * image holds no background pixel).
	 */
	public static List<Click> clicks(int[] labels, int w, int h) {
		List<Click> clicks = new ArrayList<>();
		SortedSet<Integer> present = GroundTruth.labelsIn(labels);
		for (int k : present) {
			SimulatedClick c = ClickSimulator.first(GroundTruth.fromLabelImage(w, h, labels, k));
			clicks.add(new Click(c.x(), c.y(), k));
		}
		SimulatedClick bg = ClickSimulator.first(GroundTruth.fromLabelImage(w, h, labels, 0));
		if (bg != null) clicks.add(new Click(bg.x(), bg.y(), Click.BACKGROUND));
		return clicks;
	}

	/**
	 * IoU of every object against the pixels segmented with its label.
	 *
	 * @param predicted M2N2 labels of one segmentation with {@link #clicks}
	 */
	public static WorkflowResult score(String image, int[] labels, short[] predicted, int clicks, double seconds) {
		SortedSet<Integer> present = GroundTruth.labelsIn(labels);
		int max = present.isEmpty() ? 0 : present.last();
		long[] inter = new long[max + 1], truth = new long[max + 1], pred = new long[max + 1];
		for (int i = 0; i < labels.length; i++) {
			int g = labels[i], p = predicted[i] & 0xffff;
			if (g > 0) truth[g]++;
			if (p > 0 && p <= max) pred[p]++;
			if (g > 0 && g == p) inter[g]++;
		}
		int[] ks = new int[present.size()];
		double[] ious = new double[present.size()];
		int o = 0;
		for (int k : present) {
			ks[o] = k;
			ious[o++] = (double) inter[k] / (truth[k] + pred[k] - inter[k]);
		}
		return new WorkflowResult(image, ks, ious, clicks, seconds);
	}
}
