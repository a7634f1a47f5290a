package io.github.m2n2.engine;

/**
 * docs/algorithm.md, section 4: for each token, the (interpolated) number of random-walk steps from a click until
 * the walk's max-normalised state first exceeds the threshold there. Small means semantically
 * close to the click. Several clicks are walked together so that each matrix row is read once
 * per step for all of them.
 */
public final class MarkovMap {

	/** Vectors by which a Krylov subspace grows, and the span of the comparison that decides it. */
	public static final int KRYLOV_GROWTH = 16;
	/** The largest subspace a growing walk reaches (a larger starting size is kept as it is). */
	public static final int KRYLOV_MAX_DIMENSION = 128;

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
		if (step < maxSteps && !rest.isEmpty())
			new KrylovPropagator(a, rest.size(), krylov, settings.krylovTolerance()).run(rest, step, maxSteps, theta, interpolate, progress);
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
	 *
	 * <p>How many vectors that takes depends on the image: a field of many small, separate objects
	 * has many slow modes. With a tolerance, each walk's subspace therefore grows by
	 * {@link #KRYLOV_GROWTH} vectors (up to {@link #KRYLOV_MAX_DIMENSION}) for as long as its last
	 * {@code KRYLOV_GROWTH} vectors still move the projected walk by more than the tolerance; walks
	 * that need more vectors than the others keep multiplying on their own.
	 */
	static final class KrylovPropagator {
		private final TransitionMatrix a;
		private final int walks;
		private final int dimension;
		private final double tolerance;

		KrylovPropagator(TransitionMatrix a, int walks, int dimension, double tolerance) {
			this.a = a;
			this.walks = walks;
			this.dimension = dimension;
			this.tolerance = tolerance;
		}

		void run(java.util.List<Walk> active, int firstStep, int maxSteps, float theta, boolean interpolate, ProgressListener progress) {
			int n = a.tokens();
			int limit = tolerance > 0 ? Math.max(dimension, Math.min(KRYLOV_MAX_DIMENSION, n)) : dimension;
			int steps = maxSteps - firstStep;
			double[][][] q = new double[walks][limit + 1][];
			double[][][] h = new double[walks][limit + 1][limit];
			int[] size = new int[walks], target = new int[walks];
			float[][] in = new float[walks][n], out = new float[walks][n];
			for (int b = 0; b < walks; b++) {
				float[] state = active.get(b).state;
				double[] q0 = new double[n];
				for (int t = 0; t < n; t++) q0[t] = state[t];
				scale(q0, 1 / Math.sqrt(dot(q0, q0)));
				q[b][0] = q0;
				size[b] = 1;
				target[b] = dimension;
			}
			int[] taking = new int[walks];
			for (int j = 0; j < limit; j++) {
				// the walks whose basis still grows: vector j exists and is below the walk's target size
				int p = 0;
				for (int b = 0; b < walks; b++) if (size[b] == j + 1 && j < target[b]) taking[p++] = b;
				if (p == 0) break;
				float[][] pin = new float[p][], pout = new float[p][];
				for (int m = 0; m < p; m++) {
					int b = taking[m];
					double[] qj = q[b][j];
					float[] ib = in[b];
					for (int t = 0; t < n; t++) ib[t] = (float) qj[t];
					pin[m] = ib;
					pout[m] = out[b];
				}
				a.multiplyLeft(pin, pout);
				// each walk's Gram-Schmidt is its own: several walks (a stack plane's clicks) share the cores
				final int step = j;
				java.util.stream.IntStream walksNow = java.util.stream.IntStream.range(0, p);
				(p > 1 ? walksNow.parallel() : walksNow).forEach(m -> {
					int b = taking[m];
					if (extend(q[b], h[b], step, out[b])) size[b] = step + 2;
				});
				// walks that reached their size: grow those whose last vectors still matter
				java.util.List<Integer> check = new java.util.ArrayList<>();
				for (int m = 0; m < p; m++) {
					int b = taking[m];
					if (tolerance > 0 && j + 1 == target[b] && size[b] == j + 2 && target[b] + KRYLOV_GROWTH <= limit && target[b] > KRYLOV_GROWTH)
						check.add(b);
				}
				check.parallelStream().forEach(b -> {
					if (nestedDifference(h[b], target[b] - KRYLOV_GROWTH, target[b], steps) > tolerance) target[b] += KRYLOV_GROWTH;
				});
				progress.checkCanceled();
			}
			// one walk at a time: each read-back is parallel inside
			for (int b = 0; b < walks; b++)
				readBack(active.get(b), q[b], h[b], Math.min(size[b], target[b]), firstStep, maxSteps, theta, interpolate, progress);
		}

		/**
		 * One Arnoldi step of walk {@code b}: orthogonalises {@code A^T q_j} (in {@code product})
		 * against the basis, enters the coefficients in column {@code j} of {@code h} and appends
		 * the normalised rest as {@code q_{j+1}}, unless the basis already spans an invariant subspace.
		 *
		 * @return whether {@code q_{j+1}} was appended
		 */
		private static boolean extend(double[][] q, double[][] h, int j, float[] product) {
			int n = product.length;
			double[] w = new double[n];
			for (int t = 0; t < n; t++) w[t] = product[t];
			double[] coefficients = new double[j + 1];
			// classical Gram-Schmidt, twice (as accurate as modified Gram-Schmidt, and each pass reads the basis
			// twice as a block instead of sweeping w once per basis vector)
			for (int pass = 0; pass < 2; pass++) {
				project(q, j + 1, w, coefficients);
				for (int i = 0; i <= j; i++) h[i][j] += coefficients[i];
				subtract(q, j + 1, coefficients, w);
			}
			double norm = Math.sqrt(dot(w, w));
			h[j + 1][j] = norm;
			if (norm < 1e-10) return false; // invariant subspace: the basis is complete
			scale(w, 1 / norm);
			q[j + 1] = w;
			return true;
		}

		/**
		 * How far apart the projected walks with the first {@code small} and with the first
		 * {@code big} basis vectors get within {@code steps} steps: the largest distance between
		 * their directions (unit vectors in the basis coordinates, which the orthonormal basis
		 * carries over to the states). Since the bases are nested, this is what the last
		 * {@code big - small} vectors change; it costs {@code steps big^2} flops, no matrix pass.
		 */
		static double nestedDifference(double[][] h, int small, int big, int steps) {
			double[] ys = new double[big], yb = new double[big], ns = new double[big], nb = new double[big];
			ys[0] = 1;
			yb[0] = 1;
			double worst = 0;
			for (int t = 0; t < steps; t++) {
				hessenbergTimes(h, small, ys, ns);
				hessenbergTimes(h, big, yb, nb);
				double normS = 0, normB = 0;
				for (int i = 0; i < small; i++) normS += ns[i] * ns[i];
				for (int i = 0; i < big; i++) normB += nb[i] * nb[i];
				if (!(normS > 0) || !(normB > 0)) break;
				normS = 1 / Math.sqrt(normS);
				normB = 1 / Math.sqrt(normB);
				double d = 0, moved = 0;
				for (int i = 0; i < big; i++) {
					double s = i < small ? ns[i] * normS : 0, b = nb[i] * normB;
					d += (b - s) * (b - s);
					moved += Math.abs(s - ys[i]) + Math.abs(b - yb[i]);
					ys[i] = s;
					yb[i] = b;
				}
				worst = Math.max(worst, Math.sqrt(d));
				// both walks have settled into their slowest mode: the distance stays where it is
				if (moved < 1e-12) break;
			}
			return worst;
		}

		/** {@code out = H y} with the leading {@code m x m} block of the upper Hessenberg {@code H}. */
		private static void hessenbergTimes(double[][] h, int m, double[] y, double[] out) {
			for (int i = 0; i < m; i++) {
				double[] row = h[i];
				double sum = 0;
				for (int c = Math.max(0, i - 1); c < m; c++) sum += row[c] * y[c];
				out[i] = sum;
			}
		}

		/** Steps read back per block: a block's states (steps x N floats) stay in the caches between the two passes over it. */
		private static final int STEP_BLOCK = 32;
		/** Tokens per tile of the read-back: a tile of the float basis (dim x tile) stays in the first-level cache. */
		private static final int TOKEN_TILE = 128;

		/**
		 * Walks on with {@code y <- H y} and reads each state back as {@code Q y}, block of steps by
		 * block of steps: the small recursion gives the block's coefficients, then the N-sized
		 * read-back and the crossing search split over token ranges, with each step's maximum
		 * gathered in between. The read-back ends with the block in which the last token of the
		 * walk crosses, which is usually long before the step limit.
		 */
		private void readBack(Walk walk, double[][] basis, double[][] h, int dim, int firstStep, int maxSteps, float theta,
			boolean interpolate, ProgressListener progress) {
			int n = a.tokens();
			int steps = maxSteps - firstStep;
			// the small recursion y <- H y, max-normalised, runs block by block beside the read-back
			float[][] ys = new float[STEP_BLOCK][dim];
			double[] y = new double[dim], next = new double[dim];
			y[0] = 1;
			float[][] qf = new float[dim][n];
			for (int i = 0; i < dim; i++)
				for (int t = 0; t < n; t++) qf[i][t] = (float) basis[i][t];
			float[] map = walk.map;
			// the previous normalised state of each token, for the interpolated crossing
			float[] previous = walk.state.clone();
			int remaining = 0;
			for (int t = 0; t < n; t++) if (Float.isNaN(map[t])) remaining++;
			int chunks = Parallel.chunks();
			float[][] states = new float[STEP_BLOCK][n];
			float[][] chunkMax = new float[chunks][STEP_BLOCK];
			int[] chunkRemaining = new int[chunks];
			float[] inverseMax = new float[STEP_BLOCK];
			boolean ended = false;
			for (int k0 = 0; k0 < steps && remaining > 0 && !ended; k0 += STEP_BLOCK) {
				int filled = 0;
				for (; filled < STEP_BLOCK && k0 + filled < steps; filled++) {
					hessenbergTimes(h, dim, y, next);
					double max = 0;
					for (double v : next) max = Math.max(max, Math.abs(v));
					if (!(max > 0)) {
						// the state has died out: no later step can cross
						ended = true;
						break;
					}
					for (int i = 0; i < dim; i++) {
						y[i] = next[i] / max;
						ys[filled][i] = (float) y[i];
					}
				}
				if (filled == 0) break;
				final int first = k0, blockSteps = filled;
				Parallel.forRange(n, chunks, (c, from, to) -> {
					float[] cm = chunkMax[c];
					java.util.Arrays.fill(cm, Float.NEGATIVE_INFINITY);
					for (int t0 = from; t0 < to; t0 += TOKEN_TILE) {
						int t1 = Math.min(to, t0 + TOKEN_TILE);
						for (int k = 0; k < blockSteps; k++) {
							float[] s = states[k];
							combine(qf, dim, ys[k], s, t0, t1);
							float m = cm[k];
							for (int t = t0; t < t1; t++) m = Math.max(m, s[t]);
							cm[k] = m;
						}
					}
				});
				progress.checkCanceled();
				for (int k = 0; k < blockSteps; k++) {
					float m = Float.NEGATIVE_INFINITY;
					for (float[] cm : chunkMax) m = Math.max(m, cm[k]);
					inverseMax[k] = m > 0 ? 1f / m : 0f;
				}
				Parallel.forRange(n, chunks, (c, from, to) -> {
					int left = 0;
					for (int t = from; t < to; t++) {
						if (!Float.isNaN(map[t])) continue;
						float prev = previous[t];
						for (int k = 0; k < blockSteps; k++) {
							float v = states[k][t] * inverseMax[k];
							if (v > theta) {
								map[t] = crossing(firstStep + first + k, v, prev, theta, interpolate);
								break;
							}
							prev = v;
						}
						previous[t] = prev;
						if (Float.isNaN(map[t])) left++;
					}
					chunkRemaining[c] = left;
				});
				remaining = 0;
				for (int left : chunkRemaining) remaining += left;
			}
		}

		/**
		 * {@code s[t] = sum_i y[i] q[i][t]} over {@code [from, to)}, adding the basis vectors in
		 * their order (four per sweep, so each sweep reads and writes {@code s} once for four
		 * of them).
		 */
		private static void combine(float[][] q, int dim, float[] y, float[] s, int from, int to) {
			java.util.Arrays.fill(s, from, to, 0f);
			int i = 0;
			for (; i + 4 <= dim; i += 4) {
				float[] q0 = q[i], q1 = q[i + 1], q2 = q[i + 2], q3 = q[i + 3];
				float y0 = y[i], y1 = y[i + 1], y2 = y[i + 2], y3 = y[i + 3];
				for (int t = from; t < to; t++) s[t] = s[t] + y0 * q0[t] + y1 * q1[t] + y2 * q2[t] + y3 * q3[t];
			}
			for (; i < dim; i++) {
				float[] qi = q[i];
				float yi = y[i];
				for (int t = from; t < to; t++) s[t] += yi * qi[t];
			}
		}

		/** {@code c[i] = q[i] . w} for the first {@code count} basis vectors, four at a time (independent sums). */
		private static void project(double[][] q, int count, double[] w, double[] c) {
			int n = w.length, i = 0;
			for (; i + 4 <= count; i += 4) {
				double[] q0 = q[i], q1 = q[i + 1], q2 = q[i + 2], q3 = q[i + 3];
				double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
				for (int t = 0; t < n; t++) {
					double v = w[t];
					s0 += q0[t] * v;
					s1 += q1[t] * v;
					s2 += q2[t] * v;
					s3 += q3[t] * v;
				}
				c[i] = s0;
				c[i + 1] = s1;
				c[i + 2] = s2;
				c[i + 3] = s3;
			}
			for (; i < count; i++) c[i] = dot(q[i], w);
		}

		/** {@code w -= sum_i c[i] q[i]} over the first {@code count} basis vectors, four per sweep over {@code w}. */
		private static void subtract(double[][] q, int count, double[] c, double[] w) {
			int n = w.length, i = 0;
			for (; i + 4 <= count; i += 4) {
				double[] q0 = q[i], q1 = q[i + 1], q2 = q[i + 2], q3 = q[i + 3];
				double c0 = c[i], c1 = c[i + 1], c2 = c[i + 2], c3 = c[i + 3];
				for (int t = 0; t < n; t++) w[t] -= c0 * q0[t] + c1 * q1[t] + c2 * q2[t] + c3 * q3[t];
			}
			for (; i < count; i++) {
				double[] qi = q[i];
				double ci = c[i];
				for (int t = 0; t < n; t++) w[t] -= ci * qi[t];
			}
		}

		/** A dot product with four independent partial sums, so the additions do not wait on each other. */
		private static double dot(double[] x, double[] y) {
			int n = x.length, i = 0;
			double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
			for (; i + 4 <= n; i += 4) {
				s0 += x[i] * y[i];
				s1 += x[i + 1] * y[i + 1];
				s2 += x[i + 2] * y[i + 2];
				s3 += x[i + 3] * y[i + 3];
			}
			for (; i < n; i++) s0 += x[i] * y[i];
			return (s0 + s1) + (s2 + s3);
		}

		private static void scale(double[] x, double f) {
			for (int i = 0; i < x.length; i++) x[i] *= f;
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
