package io.github.m2n2.engine;

/**
 * Labels between a full-size image and a smaller working copy of it: each full pixel takes the
 * working pixel whose area holds its centre, so labels scale back without new values (no label
 * is ever blended into another), and a click maps down by the same rule.
 */
public final class NearestResize {

	private NearestResize() { }

	/** The working coordinate whose pixel holds the centre of full coordinate {@code v}. */
	public static int down(int v, int fullSize, int workingSize) {
		return Math.min(workingSize - 1, (int) ((v + 0.5) * workingSize / fullSize));
	}

	/** Row-major {@code ww x wh} labels scaled up to {@code w x h}. */
	public static short[] up(short[] labels, int ww, int wh, int w, int h) {
		int[] sx = new int[w];
		for (int x = 0; x < w; x++) sx[x] = down(x, w, ww);
		short[] out = new short[w * h];
		for (int y = 0; y < h; y++) {
			int row = down(y, h, wh) * ww;
			for (int x = 0; x < w; x++) out[y * w + x] = labels[row + sx[x]];
		}
		return out;
	}
}
