package io.github.m2n2.engine;

/**
 * docs/algorithm.md, section 7: picks each point's threshold on its distance map by growing the region
 * {@code D <= tau} from the click and scoring every step with prior x edge x pos x neg.
 *
 * <p>The part that depends on the map alone (the sorted distances and the boundary edge
 * strength of every candidate region) is a {@link Profile}, built once per point in one
 * pass with running sums. Choosing against the current set of points then only scans that
 * profile, so adding a click re-scores every point without re-reading any image.
 */
public final class ThresholdChooser {

	private ThresholdChooser() { }

	/** Per-point, point-set-independent data of the candidates. */
	public static final class Profile {
		final float[] sortedD;
		final float[] edge;
		final int candidates;
		final float maxD;

		Profile(float[] sortedD, float[] edge, int candidates, float maxD) {
			this.sortedD = sortedD;
			this.edge = edge;
			this.candidates = candidates;
			this.maxD = maxD;
		}

		/** Candidates kept (those the area prior allows, or all without the prior). */
		public int kept() { return sortedD.length; }
	}

	/** Builds the profile of a distance map {@code d} ({@code w x h}). */
	public static Profile profile(float[] d, int w, int h, Settings settings) {
		int n = w * h;
		int candidates = n - 1;
		float maxD = 0;
		for (int i = 0; i < n; i++) maxD = Math.max(maxD, d[i]);
		int kept = candidates;
		if (settings.priorTerm() && candidates > 1) {
			// prior is 1 while position / (candidates - 1) < maxAreaPrior
			kept = 0;
			while (kept < candidates && (double) kept / (candidates - 1) < settings.maxAreaPrior()) kept++;
		}
		kept = Math.max(kept, Math.min(1, candidates));
		// only the kept candidates are ever scored, so only they are put in order
		int[] order = SortedPixels.smallest(d, kept);
		float[] sortedD = new float[kept];
		float[] edge = new float[kept];
		int[] g = settings.edgeTerm() ? quantisedGradient(d, w, h) : null;
		boolean[] inside = new boolean[n];
		boolean[] boundary = new boolean[n];
		long boundarySum = 0;
		int boundaryCount = 0;
		for (int i = 0; i < kept; i++) {
			int p = order[i];
			sortedD[i] = d[p];
			if (g == null) {
				edge[i] = 1;
				continue;
			}
			inside[p] = true;
			if (boundary[p]) {
				boundary[p] = false;
				boundarySum -= g[p];
				boundaryCount--;
			}
			int px = p % w;
			for (int k = 0; k < 4; k++) {
				int q;
				if (k == 0) { if (px == 0) continue; q = p - 1; }
				else if (k == 1) { if (px == w - 1) continue; q = p + 1; }
				else if (k == 2) { if (p < w) continue; q = p - w; }
				else { q = p + w; if (q >= n) continue; }
				if (!inside[q] && !boundary[q]) {
					boundary[q] = true;
					boundarySum += g[q];
					boundaryCount++;
				}
			}
			edge[i] = boundaryCount == 0 ? 0f : (float) ((double) boundarySum / boundaryCount);
		}
		return new Profile(sortedD, edge, candidates, maxD);
	}

	/** Sobel magnitude divided by its maximum, times 1024, truncated. */
	static int[] quantisedGradient(float[] d, int w, int h) {
		float[] g = Sobel.magnitude(d, w, h);
		float max = 0;
		for (float v : g) max = Math.max(max, v);
		int[] q = new int[g.length];
		if (max > 0) for (int i = 0; i < g.length; i++) q[i] = (int) (g[i] / max * 1024);
		return q;
	}

	/**
	 * The chosen threshold {@code tau*}.
	 *
	 * @param own   D at the point's own-class points (itself included)
	 * @param other D at the other-class points
	 */
	public static float choose(Profile profile, float[] own, float[] other, Settings settings) {
		return choose(profile, own, other, settings, Integer.MAX_VALUE);
	}

	/**
	 * {@link #choose(Profile, float[], float[], Settings)} among the candidate regions of at most
	 * {@code maxArea} pixels only (at least the smallest one).
	 */
	static float choose(Profile profile, float[] own, float[] other, Settings settings, int maxArea) {
		float[] ownSorted = own.clone();
		java.util.Arrays.sort(ownSorted);
		float negLimit = profile.maxD;
		if (other.length > 0) {
			negLimit = Float.POSITIVE_INFINITY;
			for (float v : other) negLimit = Math.min(negLimit, v);
		}
		if (profile.kept() == 0) return 0f;
		int kept = Math.min(profile.kept(), Math.max(1, maxArea));
		double best = Double.NEGATIVE_INFINITY;
		int bestIndex = 0;
		int ownBelow = 0;
		for (int i = 0; i < kept; i++) {
			float tau = profile.sortedD[i];
			double neg = 1;
			if (settings.negTerm()) {
				if (!(tau < negLimit)) neg = 0;
			}
			while (ownBelow < ownSorted.length && ownSorted[ownBelow] <= tau) ownBelow++;
			double pos = settings.posTerm() ? (double) ownBelow / Math.max(1, ownSorted.length) : 1;
			double score = profile.edge[i] * pos * neg;
			if (score > best) {
				best = score;
				bestIndex = i;
			}
			// tau only grows, so once neg is 0 it stays 0; nothing later can win
			if (neg == 0 && best >= 0) break;
		}
		return profile.sortedD[bestIndex];
	}
}
