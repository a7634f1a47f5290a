package io.github.m2n2.engine.stack;

/** How clicks are carried from plane to plane and when an object stops. */
public final class PropagationSettings {

	private double minOverlap = 0.5;
	private int clicksPerObject = 3;
	private int backgroundClicks = 2;
	private double memoryFraction = 0.4;

	public PropagationSettings copy() {
		PropagationSettings s = new PropagationSettings();
		s.minOverlap = minOverlap;
		s.clicksPerObject = clicksPerObject;
		s.backgroundClicks = backgroundClicks;
		s.memoryFraction = memoryFraction;
		return s;
	}

	/** @throws IllegalArgumentException naming the first setting out of range */
	public PropagationSettings validate() {
		if (!(minOverlap >= 0 && minOverlap <= 1)) throw new IllegalArgumentException("the minimum overlap (IoU) between planes must lie in [0, 1], got " + minOverlap + ".");
		if (clicksPerObject < 1 || clicksPerObject > 64) throw new IllegalArgumentException("clicks per object and plane must lie in 1..64, got " + clicksPerObject + ".");
		if (backgroundClicks < 0 || backgroundClicks > 64) throw new IllegalArgumentException("background clicks per plane must lie in 0..64, got " + backgroundClicks + ".");
		if (!(memoryFraction > 0 && memoryFraction <= 0.9)) throw new IllegalArgumentException("the memory fraction for cached planes must lie in (0, 0.9], got " + memoryFraction + ".");
		return this;
	}

	/**
	 * An object carried onto a plane ends there when its region is empty or overlaps its region
	 * on the plane before by less than this IoU (it left the volume, the field, or was lost).
	 */
	public double minOverlap() { return minOverlap; }
	public PropagationSettings minOverlap(double v) { minOverlap = v; return this; }

	/** Most clicks derived from one object's region (the interior-most one and spread ones). */
	public int clicksPerObject() { return clicksPerObject; }
	public PropagationSettings clicksPerObject(int v) { clicksPerObject = v; return this; }

	/** Most background clicks derived from the background of the plane before. */
	public int backgroundClicks() { return backgroundClicks; }
	public PropagationSettings backgroundClicks(int v) { backgroundClicks = v; return this; }

	/**
	 * Share of the maximum heap that prepared planes (transition matrix and cached maps) may
	 * occupy; beyond it the least recently used plane is dropped and prepared again when needed.
	 */
	public double memoryFraction() { return memoryFraction; }
	public PropagationSettings memoryFraction(double v) { memoryFraction = v; return this; }
}
