package io.github.m2n2.engine;

/**
 * One user prompt: a pixel (origin top-left, x to the right) and a label, 0 for background and
 * 1..K for object k.
 */
public final class Click {

	public static final int BACKGROUND = 0;

	private final int x;
	private final int y;
	private final int label;

	public Click(int x, int y, int label) {
		if (label < 0) throw new IllegalArgumentException("A click label must be 0 (background) or a positive object number, got " + label + ".");
		this.x = x;
		this.y = y;
		this.label = label;
	}

	public int x() { return x; }

	public int y() { return y; }

	public int label() { return label; }

	public boolean isBackground() { return label == BACKGROUND; }

	/** Same pixel, ignoring the label: distance maps depend on the position alone. */
	public boolean samePixel(Click other) { return x == other.x && y == other.y; }

	@Override
	public boolean equals(Object o) {
		if (!(o instanceof Click)) return false;
		Click c = (Click) o;
		return x == c.x && y == c.y && label == c.label;
	}

	@Override
	public int hashCode() { return (x * 31 + y) * 31 + label; }

	@Override
	public String toString() { return x + "," + y + "," + label; }
}
