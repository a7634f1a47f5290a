package io.github.m2n2.fiji;

import java.awt.Color;

import ij.process.LUT;

/**
 * One colour per object label, shared by the overlay and the label image's lookup table so
 * that object k looks the same in both. Hues step by the golden angle: neighbouring labels
 * differ strongly however many objects there are.
 */
public final class Palette {

	/** Overlay opacity: the cells must stay visible under their colour. */
	static final int OVERLAY_ALPHA = 90;

	private Palette() { }

	public static Color colour(int label) {
		float hue = (float) ((label * 0.618033988749895) % 1.0);
		return Color.getHSBColor(hue, 0.85f, 1f);
	}

	public static Color translucent(int label) {
		Color c = colour(label);
		return new Color(c.getRed(), c.getGreen(), c.getBlue(), OVERLAY_ALPHA);
	}

	/** Black background, then the label colours (a label image shows its objects at once). */
	public static LUT labelLut() {
		byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		for (int i = 1; i < 256; i++) {
			Color c = colour(i);
			r[i] = (byte) c.getRed();
			g[i] = (byte) c.getGreen();
			b[i] = (byte) c.getBlue();
		}
		return new LUT(r, g, b);
	}
}
