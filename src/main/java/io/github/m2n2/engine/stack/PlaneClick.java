package io.github.m2n2.engine.stack;

import io.github.m2n2.engine.Click;

/**
 * A click on one plane of a stack: pixel x, y (origin top-left), the plane index (0-based
 * along the propagation axis) and the label (0 background, k object k).
 */
public final class PlaneClick {

	private final int plane;
	private final Click click;

	public PlaneClick(int x, int y, int plane, int label) {
		this.plane = plane;
		this.click = new Click(x, y, label);
	}

	public int x() { return click.x(); }

	public int y() { return click.y(); }

	public int plane() { return plane; }

	public int label() { return click.label(); }

	/** The same click without its plane, as a plane's segmentation takes it. */
	public Click click() { return click; }

	@Override
	public boolean equals(Object o) {
		return o instanceof PlaneClick && ((PlaneClick) o).plane == plane && ((PlaneClick) o).click.equals(click);
	}

	@Override
	public int hashCode() { return click.hashCode() * 31 + plane; }

	@Override
	public String toString() { return click.x() + "," + click.y() + "," + plane + "," + click.label(); }
}
