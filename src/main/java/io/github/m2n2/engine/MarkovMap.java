package io.github.m2n2.engine;

/**
 * Section 3: for each token, the (interpolated) number of random-walk steps from a click until
 * the walk's max-normalised state first exceeds the threshold there. Small means semantically
 * close to the click. Several clicks are walked together so that each matrix row is read once
 * per step for all of them.
 */
public final class MarkovMap {

	private MarkovMap() { }

	/** Start state: the click's grid position split bilinearly over four tokens, max 1. */
	static float[] startState(int r, int width, int height, int x, int y) {
		double ax = (r - 1) * ((double) x / width);
		double ay = (r - 1) * ((double) y / height);
		int x0 = clamp((int) Math.floor(ax), r), y0 = clamp((int) Math.floor(ay), r);
		int x1 = clamp(x0 + 1, r), y1 = clamp(y0 + 1, r);
		double fx = ax - Math.floor(ax), fy = ay - Math.floor(ay);
		float[] s = new float[r * r];
		s[y0 * r + x0] += (float) ((1 - fx) * (1 - fy));
		s[y0 * r + x1] += (float) (fx * (1 - fy));
		s[y1 * r + x0] += (float) ((1 - fx) * fy);
		s[y1 * r + x1] += (float) (fx * fy);
		normaliseByMax(s);
		return s;
	}

	private static int clamp(int v, int r) {
		return Math.max(0, Math.min(r - 1, v));
	}

	/** One Markov-map per click position; each is {@code r x r}, row major. */
	public static float[][] compute(TransitionMatrix a, int width, int height, int[] xs, int[] ys, Settings settings,
		ProgressListener progress) {
		int r = a.resolution(), n = a.tokens(), k = xs.length;
		float theta = (float) settings.markovThreshold();
		int maxSteps = settings.markovMaxSteps();
		boolean interpolate = settings.markovInterpolation();
		float[][] state = new float[k][];
		float[][] next = new float[k][n];
		float[][] map = new float[k][n];
		boolean[] done = new boolean[k];
		int[] remaining = new int[k];
		for (int b = 0; b < k; b++) {
			state[b] = startState(r, width, height, xs[b], ys[b]);
			java.util.Arrays.fill(map[b], Float.NaN); // NaN: not crossed yet
			for (int j = 0; j < n; j++) {
				if (state[b][j] > theta) map[b][j] = 0;
				else remaining[b]++;
			}
			done[b] = remaining[b] == 0;
		}
		for (int step = 0; step < maxSteps; step++) {
			int active = 0;
			for (boolean d : done) if (!d) active++;
			if (active == 0) break;
			float[][] in = new float[active][], out = new float[active][];
			int[] which = new int[active];
			for (int b = 0, m = 0; b < k; b++) {
				if (done[b]) continue;
				which[m] = b;
				in[m] = state[b];
				out[m++] = next[b];
			}
			a.multiplyLeft(in, out);
			for (int m = 0; m < active; m++) {
				int b = which[m];
				float[] s = next[b], prev = state[b], mb = map[b];
				normaliseByMax(s);
				for (int j = 0; j < n; j++) {
					float v = s[j];
					if (v > theta && Float.isNaN(mb[j])) {
						mb[j] = crossing(step, v, prev[j], theta, interpolate);
						remaining[b]--;
					}
				}
				// swap buffers
				next[b] = prev;
				state[b] = s;
				if (remaining[b] <= 0) done[b] = true;
			}
			progress.checkCanceled();
			if ((step & 15) == 0) progress.progress("Markov-maps", (double) step / maxSteps);
		}
		for (float[] mb : map)
			for (int j = 0; j < n; j++) if (Float.isNaN(mb[j])) mb[j] = maxSteps;
		return map;
	}

	/** The refined first-crossing step of section 3.3. */
	static float crossing(int step, float s, float prev, float theta, boolean interpolate) {
		if (!interpolate) return step + 1;
		double denominator = step == 0 ? (1 - theta) + 1e-6 : s - prev + 1e-6;
		return (float) (step + 1 - (s - theta) / denominator);
	}

	static void normaliseByMax(float[] s) {
		float max = 0;
		for (float v : s) max = Math.max(max, v);
		if (!(max > 0)) return;
		float inv = 1f / max;
		for (int j = 0; j < s.length; j++) s[j] *= inv;
	}
}
