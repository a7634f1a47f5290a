package io.github.m2n2.eval;

/**
 * A click the simulated user makes: a pixel and whether it says "object" or "background",
 * with how far it lies from the boundary of the region it was chosen in.
 */
public final class SimulatedClick {

	private final int x;
	private final int y;
	private final boolean object;
	private final double boundaryDistance;

	public SimulatedClick(int x, int y, boolean object, double boundaryDistance) {
		this.x = x;
		this.y = y;
		this.object = object;
		this.boundaryDistance = boundaryDistance;
	}

	public int x() { return x; }

	public int y() { return y; }

	/** True for a positive (object) click, false for a background click. */
	public boolean isObject() { return object; }

	/** Euclidean distance in pixels to the nearest pixel outside the region (padding included). */
	public double boundaryDistance() { return boundaryDistance; }

	@Override
	public String toString() { return x + "," + y + "," + (object ? "object" : "background"); }
}
