package io.github.m2n2.engine.stack;

import java.util.ArrayList;
import java.util.List;

import io.github.m2n2.engine.Click;
import io.github.m2n2.engine.DistanceTransform;

/**
 * The clicks a region on one plane hands to the next: its interior-most pixel (exact Euclidean
 * distance transform, ties to the first pixel in raster order), then, for regions too large or
 * too elongated for one click to reach, further interior pixels spread along the region.
 *
 * <p>A further click goes to the interior-most pixel that lies more than twice the first
 * click's depth from every click so far and is itself at least half that deep. A round region
 * has no such pixel, so it gets one click; an ellipse three times as long as wide gets clicks
 * along its axis; a thin or ragged fringe never draws a click onto its border.
 */
public final class DerivedClicks {

	private DerivedClicks() { }

	/**
	 * @param region    row-major mask on a {@code w x h} plane
	 * @param label     the label the clicks carry
	 * @param maxClicks at most this many clicks (at least 1)
	 * @return the clicks, the interior-most first; empty for an empty region
	 */
	public static List<Click> of(boolean[] region, int w, int h, int label, int maxClicks) {
		List<Click> clicks = new ArrayList<>();
		for (Seed s : seeds(region, w, h, label, maxClicks)) clicks.add(s.click);
		return clicks;
	}

	/** A derived click and its depth: the distance from it to the region's edge, in pixels. */
	public static final class Seed {
		public final Click click;
		public final double depth;

		Seed(Click click, double depth) {
			this.click = click;
			this.depth = depth;
		}
	}

	/** {@link #of}, each click with its depth. */
	public static List<Seed> seeds(boolean[] region, int w, int h, int label, int maxClicks) {
		if (maxClicks < 1) throw new IllegalArgumentException("maxClicks must be at least 1, got " + maxClicks);
		double[] d2 = DistanceTransform.squared(region, w, h);
		List<Seed> seeds = new ArrayList<>();
		List<Click> clicks = new ArrayList<>();
		int first = -1;
		for (int i = 0; i < d2.length; i++)
			if (region[i] && (first < 0 || d2[i] > d2[first])) first = i;
		if (first < 0) return seeds;
		clicks.add(new Click(first % w, first / w, label));
		seeds.add(new Seed(clicks.get(0), Math.sqrt(d2[first])));
		double depth2 = d2[first];
		double minDepth2 = depth2 / 4, spacing2 = 4 * depth2;
		while (clicks.size() < maxClicks) {
			int best = -1;
			for (int i = 0; i < d2.length; i++) {
				if (!region[i] || d2[i] < minDepth2 || (best >= 0 && d2[i] <= d2[best])) continue;
				int x = i % w, y = i / w;
				boolean far = true;
				for (Click c : clicks) {
					double dx = x - c.x(), dy = y - c.y();
					if (dx * dx + dy * dy <= spacing2) {
						far = false;
						break;
					}
				}
				if (far) best = i;
			}
			if (best < 0) break;
			clicks.add(new Click(best % w, best / w, label));
			seeds.add(new Seed(clicks.get(clicks.size() - 1), Math.sqrt(d2[best])));
		}
		return seeds;
	}
}
