package io.github.m2n2.eval;

import java.util.List;

/**
 * What the simulated user achieved on one object: its clicks and the IoU after each. {@code C} is
 * the kind of click: {@link SimulatedClick} on an image, a plane click on a stack (3D IoU).
 */
public final class ObjectResult<C> {

	private final String image;
	private final int label;
	private final List<C> clicks;
	private final double[] ious;
	private final int maxClicks;
	private final double seconds;

	/**
	 * @param ious IoU after each click; shorter than {@code maxClicks} only when the
	 *             prediction became perfect and no error was left to click
	 */
	public ObjectResult(String image, int label, List<C> clicks, double[] ious, int maxClicks, double seconds) {
		this.image = image;
		this.label = label;
		this.clicks = List.copyOf(clicks);
		this.ious = ious.clone();
		this.maxClicks = maxClicks;
		this.seconds = seconds;
	}

	public String image() { return image; }

	public int label() { return label; }

	public List<C> clicks() { return clicks; }

	public double[] ious() { return ious.clone(); }

	public int maxClicks() { return maxClicks; }

	/** Time spent clicking (the attention and its preparation excluded). */
	public double seconds() { return seconds; }

	public int noc(double threshold) { return NumberOfClicks.of(ious, threshold, maxClicks); }

	/**
	 * IoU after click {@code k} (1-based). After a perfect prediction there is nothing left to
	 * click and the prediction stays as it is, so the last IoU carries forward.
	 */
	public double iouAfter(int k) {
		if (ious.length == 0) return 0;
		return ious[Math.min(k, ious.length) - 1];
	}
}
