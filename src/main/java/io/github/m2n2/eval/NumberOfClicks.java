package io.github.m2n2.eval;

/** NoC@t: the smallest number of clicks whose IoU reaches {@code t}. */
public final class NumberOfClicks {

	/** The thresholds reported, as in the literature. */
	public static final double[] THRESHOLDS = { 0.85, 0.90, 0.95 };

	private NumberOfClicks() { }

	/**
	 * @param ious      IoU after click 1, 2, ... (may stop early, e.g. when the errors ran out)
	 * @param threshold the IoU to reach
	 * @param maxClicks the value when it is never reached within the clicks given
	 */
	public static int of(double[] ious, double threshold, int maxClicks) {
		for (int k = 0; k < Math.min(ious.length, maxClicks); k++)
			if (ious[k] >= threshold) return k + 1;
		return maxClicks;
	}
}
