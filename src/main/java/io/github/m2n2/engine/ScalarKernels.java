package io.github.m2n2.engine;

/**
 * The matrix loops in plain Java (see {@link MatrixKernels}), on the float matrix. HotSpot's C2
 * vectorises a loop only when it reads every array at the index it writes, and never a float
 * reduction (it must keep the order of the additions), so rows are copied next to the vectors
 * before an update, and dot products keep eight partial sums.
 */
final class ScalarKernels extends MatrixKernels {

	static final ScalarKernels INSTANCE = new ScalarKernels();

	private ScalarKernels() { }

	@Override
	public String description() { return "scalar, float matrix"; }

	@Override
	public void temperature(float[] a, int n, int from, int to, double exponent) {
		for (int i = from; i < to; i++) {
			int off = i * n;
			float max = 0;
			for (int j = 0; j < n; j++) max = Math.max(max, a[off + j]);
			if (!(max > 0)) continue;
			double sum = 0;
			float invMax = 1f / max, e = (float) exponent;
			for (int j = 0; j < n; j++) {
				// dividing by the row maximum first keeps the power away from underflow; the same
				// float power as the vector loops, so both give the same bits
				float p = Power.pow(a[off + j] * invMax, e);
				a[off + j] = p;
				sum += p;
			}
			float inv = (float) (1.0 / sum);
			for (int j = 0; j < n; j++) a[off + j] *= inv;
		}
	}

	@Override
	public Operand operand(float[] a1, int n) {
		return new Operand() {
			@Override
			public void rows(int from, int to, float[] v, double[] u, float[] acc) {
				float[] row = new float[n];
				for (int i = from; i < to; i++) {
					// the row copied to the index of acc and v: the JIT vectorises the loops below only
					// when they read every array at the same index (measured twice as fast)
					System.arraycopy(a1, i * n, row, 0, n);
					float w = 1f;
					if (v != null) {
						double rowSum = dot(row, 0, v, n);
						double ui = rowSum > 0 ? 1.0 / rowSum : 0;
						u[i] = ui;
						if (acc == null) continue;
						w = (float) ui;
					}
					for (int j = 0; j < n; j++) acc[j] += w * row[j];
				}
			}
		};
	}

	@Override
	public Operand operand(PackedMatrix a1) {
		int n = a1.n();
		return new Operand() {
			@Override
			public void rows(int from, int to, float[] v, double[] u, float[] acc) {
				float[] row = new float[n], lifted = v == null ? null : new float[n];
				if (v != null) for (int j = 0; j < n; j++) lifted[j] = v[j] * PACKED_LIFT;
				for (int i = from; i < to; i++) {
					decode(a1, i, row);
					double scale = a1.scale(i);
					float w = (float) scale;
					if (v != null) {
						double rowSum = dot(row, 0, lifted, n) * PACKED_DROP * scale;
						double ui = rowSum > 0 ? 1.0 / rowSum : 0;
						u[i] = ui;
						if (acc == null) continue;
						w = (float) (ui * scale);
					}
					for (int j = 0; j < n; j++) acc[j] += w * row[j];
				}
			}
		};
	}

	/** Row i's decoded values in entry order. */
	static void decode(PackedMatrix m, int i, float[] row) {
		int h = m.n() / 2, off = i * h;
		int[] words = m.words();
		for (int k = 0; k < h; k++) {
			int w = words[off + k], j = k + (k & ~15);
			row[j] = PackedMatrix.low(w);
			row[j + 16] = PackedMatrix.high(w);
		}
	}

	/**
	 * Eight independent partial sums so the JIT can overlap the additions (it does not vectorise
	 * a float reduction, whose order it must keep); eight measured about 10 % less CPU than four.
	 */
	static double dot(float[] a, int off, float[] v, int n) {
		float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
		int j = 0;
		for (; j + 7 < n; j += 8) {
			int o = off + j;
			s0 += a[o] * v[j];
			s1 += a[o + 1] * v[j + 1];
			s2 += a[o + 2] * v[j + 2];
			s3 += a[o + 3] * v[j + 3];
			s4 += a[o + 4] * v[j + 4];
			s5 += a[o + 5] * v[j + 5];
			s6 += a[o + 6] * v[j + 6];
			s7 += a[o + 7] * v[j + 7];
		}
		for (; j < n; j++) s0 += a[off + j] * v[j];
		return ((double) s0 + s1 + s2 + s3) + ((double) s4 + s5 + s6 + s7);
	}

	@Override
	public void materialise(float[] a, int n, int from, int to, double[] u, float[] v) {
		for (int i = from; i < to; i++) {
			int off = i * n;
			float ui = (float) u[i];
			double s = 0;
			for (int j = 0; j < n; j++) {
				float x = a[off + j] * ui * v[j];
				a[off + j] = x;
				s += x;
			}
			if (s > 0) {
				float inv = (float) (1.0 / s);
				for (int j = 0; j < n; j++) a[off + j] *= inv;
			}
		}
	}

	/** Each row is copied next to the sums first, so that the JIT vectorises the update (see operand). */
	@Override
	public void addRows(float[] values, int n, int from, int to, float[][] states, float[][] sums) {
		int k = states.length;
		float[] row = new float[n];
		for (int i = from; i < to; i++) {
			boolean copied = false;
			for (int b = 0; b < k; b++) {
				float w = states[b][i];
				if (w == 0f) continue;
				if (!copied) System.arraycopy(values, i * n, row, 0, n);
				copied = true;
				float[] o = sums[b];
				for (int j = 0; j < n; j++) o[j] += w * row[j];
			}
		}
	}

	@Override
	public void addRows(PackedMatrix m, int from, int to, float[][] states, float[][] sums) {
		int k = states.length, n = m.n();
		float[] row = new float[n];
		for (int i = from; i < to; i++) {
			boolean decoded = false;
			for (int b = 0; b < k; b++) {
				float w = states[b][i];
				if (w == 0f) continue;
				if (!decoded) decode(m, i, row);
				decoded = true;
				float[] o = sums[b];
				for (int j = 0; j < n; j++) o[j] += w * row[j];
			}
		}
	}
}
