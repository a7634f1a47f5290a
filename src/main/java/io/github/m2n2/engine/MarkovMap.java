package io.github.m2n2.engine;

/**
 * docs/algorithm.md, section 4: for each token, the (interpolated) number of random-walk steps from a click until
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

	/**
	 * One walk: its current and previous max-normalised state and the crossing steps found so
	 * far (NaN where the token has not crossed yet).
	 */
	private static final class Walk {
		float[] state;
		float[] spare;
		final float[] map;
		int remaining;

		Walk(float[] start, float theta) {
			state = start;
			spare = new float[start.length];
			map = new float[start.length];
			java.util.Arrays.fill(map, Float.NaN);
			for (int j = 0; j < start.length; j++) {
				if (start[j] > theta) map[j] = 0;
				else remaining++;
			}
		}

		boolean done() { return remaining <= 0; }

		/** Takes {@code spare} as the new (unnormalised) state reached by step {@code step}. */
		void accept(int step, float theta, boolean interpolate) {
			float[] s = spare, prev = state;
			normaliseByMax(s);
			for (int j = 0; j < s.length; j++) {
				float v = s[j];
				if (v > theta && Float.isNaN(map[j])) {
					map[j] = crossing(step, v, prev[j], theta, interpolate);
					remaining--;
				}
			}
			spare = prev;
			state = s;
		}
	}

	/** One Markov-map per click position; each is {@code r x r}, row major. */
	public static float[][] compute(TransitionMatrix a, int width, int height, int[] xs, int[] ys, Settings settings,
		ProgressListener progress) {
		int r = a.resolution(), n = a.tokens(), k = xs.length;
		float theta = (float) settings.markovThreshold();
		int maxSteps = settings.markovMaxSteps();
		boolean interpolate = settings.markovInterpolation();
		int krylov = Math.min(settings.krylovDimension(), n);
		int exactSteps = krylov > 0 ? Math.min(maxSteps, settings.krylovAfterSteps()) : maxSteps;
		Walk[] walks = new Walk[k];
		for (int b = 0; b < k; b++) walks[b] = new Walk(startState(r, width, height, xs[b], ys[b]), theta);
		int step = 0;
		for (; step < exactSteps; step++) {
			java.util.List<Walk> active = active(walks);
			if (active.isEmpty()) break;
			float[][] in = new float[active.size()][], out = new float[active.size()][];
			for (int m = 0; m < in.length; m++) {
				in[m] = active.get(m).state;
				out[m] = active.get(m).spare;
			}
			a.multiplyLeft(in, out);
			for (Walk w : active) w.accept(step, theta, interpolate);
			progress.checkCanceled();
			if ((step & 15) == 0) progress.progress("Markov-maps", (double) step / maxSteps);
		}
		java.util.List<Walk> rest = active(walks);
		if (step < maxSteps && !rest.isEmpty()) new KrylovPropagator(a, rest.size(), krylov).run(rest, step, maxSteps, theta, interpolate, progress);
		float[][] maps = new float[k][];
		for (int b = 0; b < k; b++) {
			maps[b] = walks[b].map;
			for (int j = 0; j < n; j++) if (Float.isNaN(maps[b][j])) maps[b][j] = maxSteps;
		}
		return maps;
	}

	private static java.util.List<Walk> active(Walk[] walks) {
		java.util.List<Walk> active = new java.util.ArrayList<>();
		for (Walk w : walks) if (!w.done()) active.add(w);
		return active;
	}

	/**
	 * Continues walks after their fast transient in a small Krylov subspace: Arnoldi on the
	 * current state gives an orthonormal basis Q and the projected step H = Q^T A^T Q, and each
	 * later state is Q H^t e1. A step then costs N m instead of N^2, while the slow modes that
	 * decide the late crossings are exactly the ones a few Arnoldi vectors capture (A is nearly
	 * doubly stochastic, so its Ritz values stay in the unit disc).
	 */
	private static final class KrylovPropagator {
		private final TransitionMatrix a;
		private final int walks;
		private final int dimension;

		KrylovPropagator(TransitionMatrix a, int walks, int dimension) {
			this.a = a;
			this.walks = walks;
			this.dimension = dimension;
		}

		void run(java.util.List<Walk> active, int firstStep, int maxSteps, float theta, boolean interpolate, ProgressListener progress) {
			int n = a.tokens(), m = dimension;
			double[][][] q = new double[walks][m + 1][];
			double[][][] h = new double[walks][m + 1][m];
			int[] size = new int[walks];
			for (int b = 0; b < walks; b++) {
				q[b][0] = toDouble(active.get(b).state);
				double norm = norm(q[b][0]);
				scale(q[b][0], 1 / norm);
				size[b] = 1;
			}
			float[][] in = new float[walks][n], out = new float[walks][n];
			for (int j = 0; j < m; j++) {
				for (int b = 0; b < walks; b++) {
					if (size[b] <= j) java.util.Arrays.fill(in[b], 0f);
					else for (int t = 0; t < n; t++) in[b][t] = (float) q[b][j][t];
				}
				a.multiplyLeft(in, out);
				for (int b = 0; b < walks; b++) {
					if (size[b] <= j) continue;
					double[] w = toDouble(out[b]);
					// modified Gram-Schmidt, twice, for an orthonormal basis in floating point
					for (int pass = 0; pass < 2; pass++)
						for (int i = 0; i <= j; i++) {
							double d = dot(w, q[b][i]);
							h[b][i][j] += d;
							axpy(-d, q[b][i], w);
						}
					double norm = norm(w);
					h[b][j + 1][j] = norm;
					if (norm < 1e-10) continue; // invariant subspace: the basis is complete
					scale(w, 1 / norm);
					q[b][j + 1] = w;
					size[b] = j + 2;
				}
				progress.checkCanceled();
			}
			// one walk at a time: each read-back is parallel inside and holds steps x N floats
			for (int b = 0; b < walks; b++)
				project(active.get(b), q[b], h[b], Math.min(size[b], m), firstStep, maxSteps, theta, interpolate, progress);
		}

		/**
		 * Walks on with {@code y <- H y} and reads each state back as {@code Q y}. The small
		 * recursion runs first; the N-sized read-back and the crossing search then split over
		 * token ranges, with each step's maximum gathered in between.
		 */
		private void project(Walk walk, double[][] basis, double[][] h, int dim, int firstStep, int maxSteps, float theta,
			boolean interpolate, ProgressListener progress) {
			int n = a.tokens();
			int steps = maxSteps - firstStep;
			float[][] ys = new float[steps][dim];
			double[] y = new double[dim], next = new double[dim];
			y[0] = 1;
			int valid = 0;
			for (; valid < steps; valid++) {
				java.util.Arrays.fill(next, 0);
				for (int i = 0; i < dim; i++)
					for (int c = Math.max(0, i - 1); c < dim; c++) next[i] += h[i][c] * y[c];
				double max = 0;
				for (double v : next) max = Math.max(max, Math.abs(v));
				if (!(max > 0)) break;
				for (int i = 0; i < dim; i++) {
					y[i] = next[i] / max;
					ys[valid][i] = (float) y[i];
				}
			}
			final int count = valid;
			float[][] qf = new float[dim][n];
			for (int i = 0; i < dim; i++)
				for (int t = 0; t < n; t++) qf[i][t] = (float) basis[i][t];
			float[][] states = new float[count][n];
			int chunks = Parallel.chunks();
			float[][] chunkMax = new float[chunks][count];
			Parallel.forRange(n, chunks, (c, from, to) -> {
				for (int k = 0; k < count; k++) {
					float[] s = states[k], yk = ys[k];
					for (int i = 0; i < dim; i++) {
						float[] qi = qf[i];
						float yi = yk[i];
						for (int t = from; t < to; t++) s[t] += yi * qi[t];
					}
					float m = Float.NEGATIVE_INFINITY;
					for (int t = from; t < to; t++) m = Math.max(m, s[t]);
					chunkMax[c][k] = m;
				}
			});
			progress.checkCanceled();
			float[] inverseMax = new float[count];
			for (int k = 0; k < count; k++) {
				float m = Float.NEGATIVE_INFINITY;
				for (float[] cm : chunkMax) m = Math.max(m, cm[k]);
				inverseMax[k] = m > 0 ? 1f / m : 0f;
			}
			float[] start = walk.state, map = walk.map;
			Parallel.forRange(n, chunks, (c, from, to) -> {
				for (int t = from; t < to; t++) {
					if (!Float.isNaN(map[t])) continue;
					float prev = start[t];
					for (int k = 0; k < count; k++) {
						float v = states[k][t] * inverseMax[k];
						if (v > theta) {
							map[t] = crossing(firstStep + k, v, prev, theta, interpolate);
							break;
						}
						prev = v;
					}
				}
			});
		}

		private static double[] toDouble(float[] f) {
			double[] d = new double[f.length];
			for (int i = 0; i < f.length; i++) d[i] = f[i];
			return d;
		}

		private static double dot(double[] x, double[] y) {
			double s = 0;
			for (int i = 0; i < x.length; i++) s += x[i] * y[i];
			return s;
		}

		private static double norm(double[] x) {
			return Math.sqrt(dot(x, x));
		}

		private static void scale(double[] x, double f) {
			for (int i = 0; i < x.length; i++) x[i] *= f;
		}

		private static void axpy(double f, double[] x, double[] y) {
			for (int i = 0; i < x.length; i++) y[i] += f * x[i];
		}
	}

	/** The refined first-crossing step (docs/algorithm.md, section 4). */
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
