package io.github.m2n2.eval;

import java.util.List;

import io.github.m2n2.engine.stack.PlaneClick;

/** What the simulated user achieved on one 3D object or track: its clicks and the 3D IoU after each. */
public final class StackObjectResult {

	private final String image;
	private final int label;
	private final List<PlaneClick> clicks;
	private final double[] ious;
	private final int maxClicks;
	private final double seconds;

	public StackObjectResult(String image, int label, List<PlaneClick> clicks, double[] ious, int maxClicks, double seconds) {
		this.image = image;
		this.label = label;
		this.clicks = List.copyOf(clicks);
		this.ious = ious.clone();
		this.maxClicks = maxClicks;
		this.seconds = seconds;
	}

	public String image() { return image; }

	public int label() { return label; }

	public List<PlaneClick> clicks() { return clicks; }

	public double[] ious() { return ious.clone(); }

	public double seconds() { return seconds; }

	public int noc(double threshold) { return NumberOfClicks.of(ious, threshold, maxClicks); }

	/** IoU after click {@code k} (1-based); a perfect result that left nothing to click carries forward. */
	public double iouAfter(int k) {
		if (ious.length == 0) return 0;
		return ious[Math.min(k, ious.length) - 1];
	}
}
