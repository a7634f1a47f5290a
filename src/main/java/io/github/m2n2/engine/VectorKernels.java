package io.github.m2n2.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matrix loops with the JDK's Vector API (see {@link MatrixKernels}); loaded only where the
 * JVM has the module. Explicit vectors give what C2 does not: float reductions in lanes (dot
 * products, maxima), the power of the temperature in vector form, and a widening load of a
 * compact matrix.
 *
 * <p><b>Compact matrix</b> ({@code compact}): the Sinkhorn passes and the Markov steps are bound
 * by reading the N x N matrix (1 GiB at r = 128) once per pass, so they read a bfloat16 copy of
 * the sharpened matrix {@code A1} instead: the upper 16 bits of each float, rounded to nearest,
 * i.e. the same exponent range with an 8-bit significand (relative error at most 2^-9 per entry).
 * Row i is stored as N/2 ints, int k holding column k in its low half and column k + N/2 in its
 * high half, so widening is one shift or one mask per lane and needs no lane shuffles. The
 * scaling vectors, every sum and the final float matrix stay in float or double; the Markov
 * product then reads {@code A = diag(rowScale) A1 diag(colScale)} from the compact copy.
 *
 * <p>Rows are processed four at a time so each update of the column sums (a few hundred KiB,
 * held in cache) serves four matrix rows.
 */
final class VectorKernels extends MatrixKernels {

	private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
	private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
	private static final int L = F.length();
	private static final int HIGH = 0xffff0000;

	private final boolean compact;

	VectorKernels(boolean compact) {
		if (I.length() != L) throw new IllegalStateException("int and float vectors of different lengths");
		this.compact = compact;
	}

	@Override
	String description() {
		return "Vector API (" + F.vectorBitSize() + "-bit), " + (compact ? "bfloat16 copy for the passes" : "float matrix");
	}

	// ---------------------------------------------------------------- temperature

	@Override
	void temperature(float[] a, int n, int from, int to, double exponent) {
		float e = (float) exponent;
		int bound = F.loopBound(n);
		for (int i = from; i < to; i++) {
			int off = i * n;
			FloatVector mv = FloatVector.zero(F);
			int j = 0;
			for (; j < bound; j += L) mv = mv.max(FloatVector.fromArray(F, a, off + j));
			float max = mv.reduceLanes(VectorOperators.MAX);
			for (; j < n; j++) max = Math.max(max, a[off + j]);
			if (!(max > 0)) continue;
			float invMax = 1f / max;
			FloatVector sv = FloatVector.zero(F);
			j = 0;
			for (; j < bound; j += L) {
				FloatVector x = FloatVector.fromArray(F, a, off + j);
				VectorMask<Float> positive = x.compare(VectorOperators.GT, 0f);
				// dividing by the row maximum first keeps the power away from underflow
				FloatVector p = x.mul(invMax).lanewise(VectorOperators.POW, e);
				p = FloatVector.zero(F).blend(p, positive);
				p.intoArray(a, off + j);
				sv = sv.add(p);
			}
			double sum = sv.reduceLanes(VectorOperators.ADD);
			for (; j < n; j++) {
				float v = a[off + j];
				float p = v > 0 ? (float) Math.pow(v * invMax, exponent) : 0f;
				a[off + j] = p;
				sum += p;
			}
			float inv = (float) (1.0 / sum);
			j = 0;
			for (; j < bound; j += L) FloatVector.fromArray(F, a, off + j).mul(inv).intoArray(a, off + j);
			for (; j < n; j++) a[off + j] *= inv;
		}
	}

	// ---------------------------------------------------------------- operands

	@Override
	Operand operand(float[] a1, int n) {
		return compact ? Packed.of(a1, n) : new Plain(a1, n);
	}

	/** The float matrix itself. */
	private static final class Plain implements Operand {
		private final float[] a;
		private final int n;

		Plain(float[] a, int n) {
			this.a = a;
			this.n = n;
		}

		@Override
		public int width() { return n; }

		@Override
		public void rows(int from, int to, float[] v, double[] u, float[] acc) {
			int bound = F.loopBound(n);
			int i = from;
			float[] w = new float[4];
			for (; i + 4 <= to; i += 4) {
				int o0 = i * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
				if (v == null) {
					java.util.Arrays.fill(w, 1f);
				} else {
					FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
					int j = 0;
					for (; j < bound; j += L) {
						FloatVector x = FloatVector.fromArray(F, v, j);
						s0 = FloatVector.fromArray(F, a, o0 + j).fma(x, s0);
						s1 = FloatVector.fromArray(F, a, o1 + j).fma(x, s1);
						s2 = FloatVector.fromArray(F, a, o2 + j).fma(x, s2);
						s3 = FloatVector.fromArray(F, a, o3 + j).fma(x, s3);
					}
					float t0 = 0, t1 = 0, t2 = 0, t3 = 0;
					for (; j < n; j++) {
						t0 += a[o0 + j] * v[j];
						t1 += a[o1 + j] * v[j];
						t2 += a[o2 + j] * v[j];
						t3 += a[o3 + j] * v[j];
					}
					w[0] = scale(u, i, s0.reduceLanes(VectorOperators.ADD) + (double) t0);
					w[1] = scale(u, i + 1, s1.reduceLanes(VectorOperators.ADD) + (double) t1);
					w[2] = scale(u, i + 2, s2.reduceLanes(VectorOperators.ADD) + (double) t2);
					w[3] = scale(u, i + 3, s3.reduceLanes(VectorOperators.ADD) + (double) t3);
					if (acc == null) continue;
				}
				addRows4(a, o0, n, w, acc, 0, n, bound);
			}
			for (; i < to; i++) {
				int o = i * n;
				float wi = 1f;
				if (v != null) {
					FloatVector s = FloatVector.zero(F);
					int j = 0;
					for (; j < bound; j += L) s = FloatVector.fromArray(F, a, o + j).fma(FloatVector.fromArray(F, v, j), s);
					double d = s.reduceLanes(VectorOperators.ADD);
					for (; j < n; j++) d += a[o + j] * v[j];
					wi = scale(u, i, d);
					if (acc == null) continue;
				}
				addRow(a, o, n, wi, acc, 0, bound);
			}
		}
	}

	/** {@code u[i] = 1 / rowSum} (0 for an empty row), returned as the row's float weight. */
	private static float scale(double[] u, int i, double rowSum) {
		double ui = rowSum > 0 ? 1.0 / rowSum : 0;
		u[i] = ui;
		return (float) ui;
	}

	/** {@code acc[accOff + j] += sum_r w[r] * a[off + r * stride + j]} for four consecutive rows, j in [0, len). */
	private static void addRows4(float[] a, int off, int stride, float[] w, float[] acc, int accOff, int len, int bound) {
		int o0 = off, o1 = o0 + stride, o2 = o1 + stride, o3 = o2 + stride;
		float w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3];
		FloatVector v0 = FloatVector.broadcast(F, w0), v1 = FloatVector.broadcast(F, w1), v2 = FloatVector.broadcast(F, w2),
			v3 = FloatVector.broadcast(F, w3);
		int j = 0;
		for (; j < bound; j += L) {
			FloatVector t = FloatVector.fromArray(F, acc, accOff + j);
			t = FloatVector.fromArray(F, a, o0 + j).fma(v0, t);
			t = FloatVector.fromArray(F, a, o1 + j).fma(v1, t);
			t = FloatVector.fromArray(F, a, o2 + j).fma(v2, t);
			t = FloatVector.fromArray(F, a, o3 + j).fma(v3, t);
			t.intoArray(acc, accOff + j);
		}
		for (; j < len; j++) acc[accOff + j] += w0 * a[o0 + j] + w1 * a[o1 + j] + w2 * a[o2 + j] + w3 * a[o3 + j];
	}

	private static void addRow(float[] a, int off, int len, float w, float[] acc, int accOff, int bound) {
		FloatVector wv = FloatVector.broadcast(F, w);
		int j = 0;
		for (; j < bound; j += L) FloatVector.fromArray(F, a, off + j).fma(wv, FloatVector.fromArray(F, acc, accOff + j)).intoArray(acc, accOff + j);
		for (; j < len; j++) acc[accOff + j] += w * a[off + j];
	}

	/**
	 * The bfloat16 copy: {@code h = ceil(N / 2)} ints per row, int k of a row holding column k
	 * (low half) and column {@code h + k} (high half, 0 past the last column).
	 */
	static final class Packed implements Operand {
		final int[] p;
		final int n;
		final int h;

		private Packed(int[] p, int n, int h) {
			this.p = p;
			this.n = n;
			this.h = h;
		}

		static Packed of(float[] a, int n) {
			int h = (n + 1) / 2;
			int[] p = new int[n * h];
			Parallel.forRange(n, (c, from, to) -> {
				int bound = I.loopBound(n - h);
				for (int i = from; i < to; i++) {
					int src = i * n, dst = i * h;
					int k = 0;
					for (; k < bound; k += L) {
						IntVector lo = round(FloatVector.fromArray(F, a, src + k));
						IntVector hi = round(FloatVector.fromArray(F, a, src + h + k));
						lo.lanewise(VectorOperators.LSHR, 16).or(hi.and(HIGH)).intoArray(p, dst + k);
					}
					for (; k < h; k++) {
						int lo = roundBits(a[src + k]) >>> 16;
						int hi = h + k < n ? roundBits(a[src + h + k]) & HIGH : 0;
						p[dst + k] = lo | hi;
					}
				}
			});
			return new Packed(p, n, h);
		}

		/** Float bits rounded to the nearest bfloat16 (ties to even), still in the upper half. */
		private static IntVector round(FloatVector x) {
			IntVector bits = x.reinterpretAsInts();
			IntVector odd = bits.lanewise(VectorOperators.LSHR, 16).and(1);
			return bits.add(0x7fff).add(odd);
		}

		static int roundBits(float x) {
			int bits = Float.floatToRawIntBits(x);
			return bits + 0x7fff + ((bits >>> 16) & 1);
		}

		static float low(int x) { return Float.intBitsToFloat(x << 16); }

		static float high(int x) { return Float.intBitsToFloat(x & HIGH); }

		@Override
		public int width() { return 2 * h; }

		@Override
		public void rows(int from, int to, float[] v, double[] u, float[] acc) {
			int bound = I.loopBound(h);
			float[] w = new float[4];
			int i = from;
			for (; i + 4 <= to; i += 4) {
				int o0 = i * h, o1 = o0 + h, o2 = o1 + h, o3 = o2 + h;
				if (v == null) {
					java.util.Arrays.fill(w, 1f);
				} else {
					FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
					int k = 0;
					for (; k < bound; k += L) {
						FloatVector vl = FloatVector.fromArray(F, v, k), vh = FloatVector.fromArray(F, v, h + k);
						IntVector x = IntVector.fromArray(I, p, o0 + k);
						s0 = highHalf(x).fma(vh, lowHalf(x).fma(vl, s0));
						x = IntVector.fromArray(I, p, o1 + k);
						s1 = highHalf(x).fma(vh, lowHalf(x).fma(vl, s1));
						x = IntVector.fromArray(I, p, o2 + k);
						s2 = highHalf(x).fma(vh, lowHalf(x).fma(vl, s2));
						x = IntVector.fromArray(I, p, o3 + k);
						s3 = highHalf(x).fma(vh, lowHalf(x).fma(vl, s3));
					}
					double t0 = tail(o0, k, v), t1 = tail(o1, k, v), t2 = tail(o2, k, v), t3 = tail(o3, k, v);
					w[0] = scale(u, i, s0.reduceLanes(VectorOperators.ADD) + t0);
					w[1] = scale(u, i + 1, s1.reduceLanes(VectorOperators.ADD) + t1);
					w[2] = scale(u, i + 2, s2.reduceLanes(VectorOperators.ADD) + t2);
					w[3] = scale(u, i + 3, s3.reduceLanes(VectorOperators.ADD) + t3);
					if (acc == null) continue;
				}
				add4(o0, w[0], w[1], w[2], w[3], acc, bound);
			}
			for (; i < to; i++) {
				int o = i * h;
				float wi = 1f;
				if (v != null) {
					FloatVector s = FloatVector.zero(F);
					int k = 0;
					for (; k < bound; k += L) {
						IntVector x = IntVector.fromArray(I, p, o + k);
						s = highHalf(x).fma(FloatVector.fromArray(F, v, h + k), lowHalf(x).fma(FloatVector.fromArray(F, v, k), s));
					}
					wi = scale(u, i, s.reduceLanes(VectorOperators.ADD) + tail(o, k, v));
					if (acc == null) continue;
				}
				add1(o, wi, acc, bound);
			}
		}

		private double tail(int o, int k, float[] v) {
			double s = 0;
			for (; k < h; k++) {
				int x = p[o + k];
				s += low(x) * v[k] + high(x) * v[h + k];
			}
			return s;
		}

		/** {@code acc += w0 row(o0) + w1 row(o0 + h) + w2 row(o0 + 2h) + w3 row(o0 + 3h)}, acc of width 2h. */
		void add4(int o0, float w0, float w1, float w2, float w3, float[] acc, int bound) {
			int o1 = o0 + h, o2 = o1 + h, o3 = o2 + h;
			FloatVector v0 = FloatVector.broadcast(F, w0), v1 = FloatVector.broadcast(F, w1), v2 = FloatVector.broadcast(F, w2),
				v3 = FloatVector.broadcast(F, w3);
			int k = 0;
			for (; k < bound; k += L) {
				FloatVector tl = FloatVector.fromArray(F, acc, k), th = FloatVector.fromArray(F, acc, h + k);
				IntVector x = IntVector.fromArray(I, p, o0 + k);
				tl = lowHalf(x).fma(v0, tl);
				th = highHalf(x).fma(v0, th);
				x = IntVector.fromArray(I, p, o1 + k);
				tl = lowHalf(x).fma(v1, tl);
				th = highHalf(x).fma(v1, th);
				x = IntVector.fromArray(I, p, o2 + k);
				tl = lowHalf(x).fma(v2, tl);
				th = highHalf(x).fma(v2, th);
				x = IntVector.fromArray(I, p, o3 + k);
				tl = lowHalf(x).fma(v3, tl);
				th = highHalf(x).fma(v3, th);
				tl.intoArray(acc, k);
				th.intoArray(acc, h + k);
			}
			for (; k < h; k++) {
				int x0 = p[o0 + k], x1 = p[o1 + k], x2 = p[o2 + k], x3 = p[o3 + k];
				acc[k] += w0 * low(x0) + w1 * low(x1) + w2 * low(x2) + w3 * low(x3);
				acc[h + k] += w0 * high(x0) + w1 * high(x1) + w2 * high(x2) + w3 * high(x3);
			}
		}

		void add1(int o, float w, float[] acc, int bound) {
			FloatVector wv = FloatVector.broadcast(F, w);
			int k = 0;
			for (; k < bound; k += L) {
				IntVector x = IntVector.fromArray(I, p, o + k);
				lowHalf(x).fma(wv, FloatVector.fromArray(F, acc, k)).intoArray(acc, k);
				highHalf(x).fma(wv, FloatVector.fromArray(F, acc, h + k)).intoArray(acc, h + k);
			}
			for (; k < h; k++) {
				int x = p[o + k];
				acc[k] += w * low(x);
				acc[h + k] += w * high(x);
			}
		}

		private static FloatVector lowHalf(IntVector x) {
			return x.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
		}

		private static FloatVector highHalf(IntVector x) {
			return x.and(HIGH).reinterpretAsFloats();
		}
	}

	// ---------------------------------------------------------------- final matrix

	@Override
	void materialise(float[] a, int n, int from, int to, double[] u, float[] v, float[] rowScale) {
		int bound = F.loopBound(n);
		for (int i = from; i < to; i++) {
			int off = i * n;
			float ui = (float) u[i];
			FloatVector sv = FloatVector.zero(F);
			int j = 0;
			for (; j < bound; j += L) {
				FloatVector x = FloatVector.fromArray(F, a, off + j).mul(ui).mul(FloatVector.fromArray(F, v, j));
				x.intoArray(a, off + j);
				sv = sv.add(x);
			}
			double s = sv.reduceLanes(VectorOperators.ADD);
			for (; j < n; j++) {
				float x = a[off + j] * ui * v[j];
				a[off + j] = x;
				s += x;
			}
			float inv = 1f;
			if (s > 0) {
				inv = (float) (1.0 / s);
				j = 0;
				for (; j < bound; j += L) FloatVector.fromArray(F, a, off + j).mul(inv).intoArray(a, off + j);
				for (; j < n; j++) a[off + j] *= inv;
			}
			rowScale[i] = ui * inv;
		}
	}

	// ---------------------------------------------------------------- Markov step

	@Override
	Product product(float[] values, int n, Operand operand, float[] rowScale, float[] colScale) {
		if (compact && operand instanceof Packed) return (states, out) -> multiplyPacked((Packed) operand, rowScale, colScale, states, out);
		return (states, out) -> multiplyPlain(values, n, states, out);
	}

	/**
	 * Each thread streams its own contiguous block of rows into private sums, four rows at a
	 * time; blocks whose four states are all 0 are skipped (early Markov states are sparse).
	 */
	private static void multiplyPlain(float[] values, int n, float[][] states, float[][] out) {
		int k = states.length;
		int chunks = Parallel.chunks();
		float[][][] partial = new float[chunks][][];
		int bound = F.loopBound(n);
		Parallel.forRange(n, chunks, (c, from, to) -> {
			float[][] sums = new float[k][n];
			partial[c] = sums;
			float[] w = new float[4];
			int i = from;
			for (; i + 4 <= to; i += 4)
				for (int b = 0; b < k; b++) {
					float[] s = states[b];
					w[0] = s[i];
					w[1] = s[i + 1];
					w[2] = s[i + 2];
					w[3] = s[i + 3];
					if (w[0] == 0f && w[1] == 0f && w[2] == 0f && w[3] == 0f) continue;
					addRows4(values, i * n, n, w, sums[b], 0, n, bound);
				}
			for (; i < to; i++)
				for (int b = 0; b < k; b++) {
					float wi = states[b][i];
					if (wi != 0f) addRow(values, i * n, n, wi, sums[b], 0, bound);
				}
		});
		for (int b = 0; b < k; b++) {
			float[] o = out[b];
			java.util.Arrays.fill(o, 0f);
			for (float[][] p : partial) {
				if (p == null) continue;
				addRow(p[b], 0, n, 1f, o, 0, bound);
			}
		}
	}

	private static void multiplyPacked(Packed a, float[] rowScale, float[] colScale, float[][] states, float[][] out) {
		int n = a.n, k = states.length, width = a.width();
		int chunks = Parallel.chunks();
		float[][][] partial = new float[chunks][][];
		int bound = I.loopBound(a.h);
		Parallel.forRange(n, chunks, (c, from, to) -> {
			float[][] sums = new float[k][width];
			partial[c] = sums;
			int i = from;
			for (; i + 4 <= to; i += 4)
				for (int b = 0; b < k; b++) {
					float[] s = states[b];
					if (s[i] == 0f && s[i + 1] == 0f && s[i + 2] == 0f && s[i + 3] == 0f) continue;
					a.add4(i * a.h, s[i] * rowScale[i], s[i + 1] * rowScale[i + 1], s[i + 2] * rowScale[i + 2], s[i + 3] * rowScale[i + 3],
						sums[b], bound);
				}
			for (; i < to; i++)
				for (int b = 0; b < k; b++) {
					float wi = states[b][i];
					if (wi != 0f) a.add1(i * a.h, wi * rowScale[i], sums[b], bound);
				}
		});
		int nb = F.loopBound(n);
		for (int b = 0; b < k; b++) {
			float[] o = out[b];
			java.util.Arrays.fill(o, 0f);
			for (float[][] p : partial) {
				if (p == null) continue;
				addRow(p[b], 0, n, 1f, o, 0, nb);
			}
			int j = 0;
			for (; j < nb; j += L) FloatVector.fromArray(F, o, j).mul(FloatVector.fromArray(F, colScale, j)).intoArray(o, j);
			for (; j < n; j++) o[j] *= colScale[j];
		}
	}
}
