package io.github.m2n2.eval;

import java.util.ArrayList;
import java.util.List;

import io.github.m2n2.engine.Click;

/**
 * Clicks on one object until {@code maxClicks}: first click, prediction, next click at the
 * worst error, and so on. The object is M2N2 label 1 and background label 0; a pixel is
 * predicted as the object when its label is not 0.
 */
public final class SimulatedUser {

	/** Whatever segments: clicks in (in click order), a label per pixel out. */
	public interface Segmenter {
		short[] segment(List<Click> clicks);
	}

	/** Told after every click, for progress bars. */
	public interface ClickListener {
		void clicked(int click, double iou);
	}

	/** The M2N2 label of the object being evaluated. */
	public static final int OBJECT_LABEL = 1;

	private SimulatedUser() { }

	public static ObjectResult<SimulatedClick> evaluate(String image, GroundTruth truth, Segmenter segmenter, int maxClicks, ClickListener listener) {
		long start = System.nanoTime();
		List<SimulatedClick> simulated = new ArrayList<>();
		List<Click> clicks = new ArrayList<>();
		List<Double> ious = new ArrayList<>();
		SimulatedClick next = ClickSimulator.first(truth);
		while (next != null && simulated.size() < maxClicks) {
			simulated.add(next);
			clicks.add(new Click(next.x(), next.y(), next.isObject() ? OBJECT_LABEL : Click.BACKGROUND));
			short[] labels = segmenter.segment(clicks);
			boolean[] predicted = new boolean[labels.length];
			for (int i = 0; i < labels.length; i++) predicted[i] = labels[i] != 0;
			double iou = truth.iou(predicted);
			ious.add(iou);
			listener.clicked(simulated.size(), iou);
			// a perfect prediction leaves no error to click: the remaining clicks are not made
			next = simulated.size() < maxClicks ? ClickSimulator.next(truth, predicted) : null;
		}
		double[] iouArray = ious.stream().mapToDouble(Double::doubleValue).toArray();
		return new ObjectResult<>(image, truth.label(), simulated, iouArray, maxClicks, (System.nanoTime() - start) / 1e9);
	}
}
