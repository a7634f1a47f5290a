package io.github.m2n2.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import io.github.m2n2.engine.MatrixKernels;
import io.github.m2n2.engine.PackedMatrix;
import io.github.m2n2.engine.Power;

/**
 * The matrix loops with the JDK's Vector API (see {@link MatrixKernels}); a service the engine
 * looks up only where the JVM has the module, so the engine itself imports nothing of it. Explicit vectors give what C2 does not: float reductions in lanes (dot
 * products, maxima) and the power of the temperature in vector form.
 *
 * <p>Same quantities as the plain loops up to float rounding (sums in another order); the
 * labels were identical on the fidelity cases. Of the compact copies of the matrix tried, which
 * read less memory per pass, a bfloat16 copy moved labels of small objects (worst IoU 0.90
 * against the float matrix) and a 24-bit copy needed lane shuffles that made each pass three to
 * four times slower; the {@link PackedMatrix} (16 bits, 11 of them fraction) decodes with two
 * shifts or masks per vector and keeps the labels.
 *
 * <p>Rows are processed four at a time so each update of the column sums (a few hundred KiB,
 * held in cache) serves four matrix rows.
 */
public final class VectorKernels extends MatrixKernels {

	private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
	private static final int L = F.length();
	/** Integer lanes of the same width, for the bit operations of {@link #power}. */
	private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
	private static final int ROUND_BITS = Float.floatToRawIntBits(Power.ROUND);
	/** Words of a packed matrix per vector: at most the 16 of one group (see {@link PackedMatrix}). */
	private static final VectorSpecies<Integer> W = I.length() <= 16 ? I : IntVector.SPECIES_512;
	/** Float vectors of the same width: one word vector decodes into two of them. */
	private static final VectorSpecies<Float> PF = VectorSpecies.of(float.class, W.vectorShape());
	private static final int PL = W.length();

	public VectorKernels() { }

	@Override
	public String description() {
		return "Vector API, " + F.vectorBitSize() + "-bit";
	}

	/**
	 * Calls the temperature and the packed matrix's loops (the default's) on a 256-token matrix in small pieces, often enough (several thousand
	 * calls) for the JIT's optimising compiler to compile each method whole, not only its loops.
	 */
	@Override
	public void warmUp() {
		int n = 256;
		float[] a = new float[n * n];
		java.util.Random rnd = new java.util.Random(1);
		for (int i = 0; i < a.length; i++) a[i] = 0.01f + rnd.nextFloat();
		double[] u = new double[n];
		float[] v = new float[n], acc = new float[n];
		java.util.Arrays.fill(v, 1f / n);
		float[][] states = new float[1][n], out = new float[1][n];
		states[0][0] = 1f;
		// the float matrix's loops compile when first used
		for (int rep = 0; rep < 24; rep++) {
			float[] b = a.clone();
			for (int i = 0; i < n; i++) temperature(b, n, i, i + 1, 1.5); // any exponent compiles the same code
			PackedMatrix p = PackedMatrix.pack(b, n);
			Operand op = operand(p);
			for (int i = 0; i + 8 <= n; i += 8) {
				op.rows(i, i + 8, null, u, acc);
				op.rows(i, i + 8, v, u, acc);
				op.rows(i, i + 8, v, u, null);
			}
			addRows(p, 0, n, states, out);
		}
	}

	/**
	 * The lanes' sum, always in lane order. {@code reduceLanes(ADD)} leaves the order open, and
	 * HotSpot's compiled reduction adds in another order than the interpreted one, so the same
	 * image gave slightly different matrices (and, rarely, labels) depending on how far the JIT
	 * had got; a fixed order makes every run the same.
	 */
	private static double sum(FloatVector v) {
		double s = 0;
		for (int i = 0; i < L; i++) s += v.lane(i);
		return s;
	}

	// ---------------------------------------------------------------- temperature

	/**
	 * {@code dst[dstOff + j] = Power.pow(src[srcOff + j] * factor, e)} for {@code j < count} (a
	 * multiple of the vector length), lane by lane: the same float operations in the same order as
	 * {@link Power#pow}, so the same bits as the plain loops and in every JIT tier (the Vector API's
	 * own {@code POW} differs between its compiled and interpreted forms). Lanes with
	 * {@code x <= 0} give 0. Returns the sum of the powers, lanes summed in lane order.
	 *
	 * <p>The loop is inside: a vector passed to or returned from a method too large to inline
	 * is boxed, which made a per-vector {@code power(FloatVector)} several times slower.
	 */
	private static double powers(float[] src, int srcOff, float[] dst, int dstOff, int count, float factor, float e) {
		FloatVector sv = FloatVector.zero(F);
		for (int j = 0; j < count; j += L) {
			FloatVector x = FloatVector.fromArray(F, src, srcOff + j).mul(factor);
			// only operations HotSpot compiles to vector instructions in Java 17: no mask casts and no
			// lane conversions (integers go in and out of floats through the bits of ROUND + i, exact)
			IntVector bits = x.reinterpretAsInts();
			VectorMask<Integer> positive = bits.compare(VectorOperators.GT, 0).and(bits.compare(VectorOperators.LE, 0x3F800000));
			VectorMask<Integer> subnormal = bits.compare(VectorOperators.LT, 0x00800000);
			bits = bits.blend(x.mul(Power.LIFT).reinterpretAsInts(), subnormal);
			IntVector exponent = bits.lanewise(VectorOperators.LSHR, 23);
			IntVector k = exponent.sub(127).blend(exponent.sub(127 + 24), subnormal);
			IntVector mBits = bits.and(0x007FFFFF).or(0x3F800000);
			// m > sqrt 2 compared as bits (positive floats order like their bits); halving is one exponent step
			VectorMask<Integer> high = mBits.compare(VectorOperators.GT, Float.floatToRawIntBits(Power.SQRT2));
			mBits = mBits.blend(mBits.sub(0x00800000), high);
			k = k.blend(k.add(1), high);
			FloatVector f = mBits.reinterpretAsFloats().sub(1f);
			FloatVector z = f.mul(f);
			FloatVector p = FloatVector.broadcast(F, Power.L0);
			p = p.mul(f).add(Power.L1);
			p = p.mul(f).add(Power.L2);
			p = p.mul(f).add(Power.L3);
			p = p.mul(f).add(Power.L4);
			p = p.mul(f).add(Power.L5);
			p = p.mul(f).add(Power.L6);
			p = p.mul(f).add(Power.L7);
			p = p.mul(f).add(Power.L8);
			FloatVector lnM = f.add(f.mul(z).mul(p).sub(z.mul(0.5f)));
			FloatVector kf = k.add(ROUND_BITS).reinterpretAsFloats().sub(Power.ROUND);
			FloatVector a = kf.mul(Power.LN2_HI);
			FloatVector b = kf.fma(FloatVector.broadcast(F, Power.LN2_LO), lnM);
			FloatVector yHi = a.mul(e);
			FloatVector yLo = a.fma(FloatVector.broadcast(F, e), yHi.neg()).add(b.mul(e));
			FloatVector rounded = yHi.add(yLo).mul(Power.LOG2E).add(Power.ROUND);
			FloatVector nf = rounded.sub(Power.ROUND);
			FloatVector r = yHi.sub(nf.mul(Power.LN2_HI)).add(yLo.sub(nf.mul(Power.LN2_LO)));
			FloatVector q = FloatVector.broadcast(F, Power.E0);
			q = q.mul(r).add(Power.E1);
			q = q.mul(r).add(Power.E2);
			q = q.mul(r).add(Power.E3);
			q = q.mul(r).add(Power.E4);
			q = q.mul(r).add(Power.E5);
			FloatVector er = r.mul(r).fma(q, r).add(1f);
			IntVector n = rounded.reinterpretAsInts().sub(ROUND_BITS);
			FloatVector scale = n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
			VectorMask<Integer> keep = positive.and(n.compare(VectorOperators.GE, -126));
			FloatVector power = IntVector.zero(I).blend(er.mul(scale).reinterpretAsInts(), keep).reinterpretAsFloats();
			power.intoArray(dst, dstOff + j);
			sv = sv.add(power);
		}
		return sum(sv);
	}

	/** The vector loops' power over an array ({@code x} in [0, 1]), for tests. */
	public static void powers(float[] x, float e, float[] out) {
		int bound = F.loopBound(x.length);
		powers(x, 0, out, 0, bound, 1f, e);
		for (int j = bound; j < x.length; j++) out[j] = Power.pow(x[j], e);
	}

	@Override
	public void temperature(float[] a, int n, int from, int to, double exponent) {
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
			// dividing by the row maximum first keeps the power away from underflow
			double sum = powers(a, off, a, off, bound, invMax, e);
			j = bound;
			for (; j < n; j++) {
				float p = Power.pow(a[off + j] * invMax, e);
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
	public Operand operand(float[] a1, int n) {
		return new Plain(a1, n);
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
					w[0] = scale(u, i, sum(s0) + (double) t0);
					w[1] = scale(u, i + 1, sum(s1) + (double) t1);
					w[2] = scale(u, i + 2, sum(s2) + (double) t2);
					w[3] = scale(u, i + 3, sum(s3) + (double) t3);
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
					double d = sum(s);
					for (; j < n; j++) d += a[o + j] * v[j];
					wi = scale(u, i, d);
					if (acc == null) continue;
				}
				addRow(a, o, n, wi, acc, 0, bound);
			}
		}
	}

	@Override
	public Operand operand(PackedMatrix a1) {
		return new Packed(a1);
	}

	/**
	 * The packed matrix (see {@link PackedMatrix}): a vector of words decodes with two integer
	 * operations into the vectors of entries {@code jLo = k + 16 floor(k / 16)} onwards and 16
	 * further on; the dot products use the column scaling lifted by {@code PACKED_LIFT}.
	 */
	private static final class Packed implements Operand {
		private final PackedMatrix m;
		private final int n, h;
		private final int[] words;

		Packed(PackedMatrix m) {
			this.m = m;
			this.n = m.n();
			this.h = n / 2;
			this.words = m.words();
		}

		@Override
		public void rows(int from, int to, float[] v, double[] u, float[] acc) {
			float[] lifted = null;
			if (v != null) {
				lifted = new float[n];
				for (int j = 0; j < n; j++) lifted[j] = v[j] * PACKED_LIFT;
			}
			float[] w = new float[4];
			int i = from;
			for (; i + 4 <= to; i += 4) {
				int o0 = i * h, o1 = o0 + h, o2 = o1 + h, o3 = o2 + h;
				if (v == null) {
					for (int r = 0; r < 4; r++) w[r] = (float) m.scale(i + r);
				} else {
					FloatVector s0 = FloatVector.zero(PF), s1 = s0, s2 = s0, s3 = s0;
					for (int k = 0; k < h; k += PL) {
						int jLo = k + (k & ~15);
						FloatVector va = FloatVector.fromArray(PF, lifted, jLo), vb = FloatVector.fromArray(PF, lifted, jLo + 16);
						IntVector x0 = IntVector.fromArray(W, words, o0 + k), x1 = IntVector.fromArray(W, words, o1 + k);
						IntVector x2 = IntVector.fromArray(W, words, o2 + k), x3 = IntVector.fromArray(W, words, o3 + k);
						s0 = low(x0).fma(va, s0);
						s1 = low(x1).fma(va, s1);
						s2 = low(x2).fma(va, s2);
						s3 = low(x3).fma(va, s3);
						s0 = high(x0).fma(vb, s0);
						s1 = high(x1).fma(vb, s1);
						s2 = high(x2).fma(vb, s2);
						s3 = high(x3).fma(vb, s3);
					}
					w[0] = packedScale(u, i, sumP(s0));
					w[1] = packedScale(u, i + 1, sumP(s1));
					w[2] = packedScale(u, i + 2, sumP(s2));
					w[3] = packedScale(u, i + 3, sumP(s3));
					if (acc == null) continue;
				}
				addPackedRows4(words, o0, h, w, acc);
			}
			for (; i < to; i++) {
				int o = i * h;
				float wi = (float) m.scale(i);
				if (v != null) {
					FloatVector s = FloatVector.zero(PF);
					for (int k = 0; k < h; k += PL) {
						int jLo = k + (k & ~15);
						IntVector x = IntVector.fromArray(W, words, o + k);
						s = low(x).fma(FloatVector.fromArray(PF, lifted, jLo), s);
						s = high(x).fma(FloatVector.fromArray(PF, lifted, jLo + 16), s);
					}
					wi = packedScale(u, i, sumP(s));
					if (acc == null) continue;
				}
				addPackedRow(words, o, h, wi, acc);
			}
		}

		/** {@code u[i]} from row i's lifted dot product; returns the row's weight on its decoded values. */
		private float packedScale(double[] u, int i, double liftedDot) {
			double scale = m.scale(i);
			double rowSum = liftedDot * PACKED_DROP * scale;
			double ui = rowSum > 0 ? 1.0 / rowSum : 0;
			u[i] = ui;
			return (float) (ui * scale);
		}
	}

	/** {@link PackedMatrix#encode} lane by lane, two vectors of entries into one of words. */
	@Override
	public void pack(PackedMatrix m, int i, float[] a, int off) {
		int n = m.n(), h = n / 2, wOff = i * h;
		int[] words = m.words();
		FloatVector mv = FloatVector.zero(PF);
		for (int j = 0; j < n; j += PL) mv = mv.max(FloatVector.fromArray(PF, a, off + j));
		int rebase = m.startRow(i, mv.reduceLanes(VectorOperators.MAX));
		int round = 1 << (PackedMatrix.DROPPED_BITS - 1), least = 1 << PackedMatrix.FRACTION_BITS;
		for (int k = 0; k < h; k += PL) {
			int j = off + k + (k & ~15);
			IntVector lo = FloatVector.fromArray(PF, a, j).reinterpretAsInts(), hi = FloatVector.fromArray(PF, a, j + 16).reinterpretAsInts();
			IntVector el = lo.add(round).lanewise(VectorOperators.LSHR, PackedMatrix.DROPPED_BITS).sub(rebase);
			IntVector eh = hi.add(round).lanewise(VectorOperators.LSHR, PackedMatrix.DROPPED_BITS).sub(rebase);
			VectorMask<Integer> keepLo = lo.compare(VectorOperators.GT, 0).and(lo.compare(VectorOperators.LT, 0x7F800000)).and(el.compare(VectorOperators.GE, least));
			VectorMask<Integer> keepHi = hi.compare(VectorOperators.GT, 0).and(hi.compare(VectorOperators.LT, 0x7F800000)).and(eh.compare(VectorOperators.GE, least));
			IntVector zero = IntVector.zero(W);
			zero.blend(el, keepLo).or(zero.blend(eh, keepHi).lanewise(VectorOperators.LSHL, 16)).intoArray(words, wOff + k);
		}
	}

	// the decoding of PackedMatrix.low and high, written out where it is used: a vector passed to a
	// method that is not inlined is boxed (a first version with these as methods ran six times slower)

	private static FloatVector low(IntVector x) {
		return x.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.LSHR, 4).reinterpretAsFloats();
	}

	private static FloatVector high(IntVector x) {
		return x.lanewise(VectorOperators.LSHR, 4).and(0x0FFFF000).reinterpretAsFloats();
	}

	private static double sumP(FloatVector v) {
		double s = 0;
		for (int i = 0; i < PL; i++) s += v.lane(i);
		return s;
	}

	/** {@code acc += sum_r w[r] * decoded row r} for the four rows from word {@code off}, each {@code h} words. */
	private static void addPackedRows4(int[] words, int off, int h, float[] w, float[] acc) {
		int o0 = off, o1 = o0 + h, o2 = o1 + h, o3 = o2 + h;
		FloatVector v0 = FloatVector.broadcast(PF, w[0]), v1 = FloatVector.broadcast(PF, w[1]), v2 = FloatVector.broadcast(PF, w[2]),
			v3 = FloatVector.broadcast(PF, w[3]);
		for (int k = 0; k < h; k += PL) {
			int jLo = k + (k & ~15);
			IntVector x0 = IntVector.fromArray(W, words, o0 + k), x1 = IntVector.fromArray(W, words, o1 + k);
			IntVector x2 = IntVector.fromArray(W, words, o2 + k), x3 = IntVector.fromArray(W, words, o3 + k);
			FloatVector ta = FloatVector.fromArray(PF, acc, jLo), tb = FloatVector.fromArray(PF, acc, jLo + 16);
			ta = low(x3).fma(v3, low(x2).fma(v2, low(x1).fma(v1, low(x0).fma(v0, ta))));
			tb = high(x3).fma(v3, high(x2).fma(v2, high(x1).fma(v1, high(x0).fma(v0, tb))));
			ta.intoArray(acc, jLo);
			tb.intoArray(acc, jLo + 16);
		}
	}

	private static void addPackedRow(int[] words, int off, int h, float w, float[] acc) {
		FloatVector wv = FloatVector.broadcast(PF, w);
		for (int k = 0; k < h; k += PL) {
			int jLo = k + (k & ~15);
			IntVector x = IntVector.fromArray(W, words, off + k);
			low(x).fma(wv, FloatVector.fromArray(PF, acc, jLo)).intoArray(acc, jLo);
			high(x).fma(wv, FloatVector.fromArray(PF, acc, jLo + 16)).intoArray(acc, jLo + 16);
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

	// ---------------------------------------------------------------- final matrix

	@Override
	public void materialise(float[] a, int n, int from, int to, double[] u, float[] v) {
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
			double s = sum(sv);
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
		}
	}

	// ---------------------------------------------------------------- Markov step

	/**
	 * Four rows at a time. States go in fours: the sixteen weights of four rows and four states
	 * sit in registers while the rows stream by once for all four states (a stack plane's many
	 * walks; 20 to 30 % less time per product than one state after the other with 4 to 32
	 * states). The leftover states go one at a time. Either way each state's sums take the four
	 * rows in the same order, one fused multiply-add after the other, so a state's result does not
	 * depend on which states share the call. Groups whose weights are all 0 are skipped (early
	 * Markov states are sparse).
	 */
	@Override
	public void addRows(float[] values, int n, int from, int to, float[][] states, float[][] sums) {
		int k = states.length;
		int bound = F.loopBound(n);
		float[] w = new float[4];
		int i = from;
		for (; i + 4 <= to; i += 4) {
			int b = 0;
			for (; b + 4 <= k; b += 4) addRows4x4(values, i, n, bound, states, sums, b);
			for (; b < k; b++)
				if (weights(states[b], i, w)) addRows4(values, i * n, n, w, sums[b], 0, n, bound);
		}
		for (; i < to; i++)
			for (int b = 0; b < k; b++) {
				float wi = states[b][i];
				if (wi != 0f) addRow(values, i * n, n, wi, sums[b], 0, bound);
			}
	}

	/** A state's weights of rows {@code i..i+3} into {@code w}; false (w untouched) when all four are 0. */
	private static boolean weights(float[] s, int i, float[] w) {
		if (zero(s, i)) return false;
		w[0] = s[i];
		w[1] = s[i + 1];
		w[2] = s[i + 2];
		w[3] = s[i + 3];
		return true;
	}

	private static boolean zero(float[] s, int i) {
		return s[i] == 0f && s[i + 1] == 0f && s[i + 2] == 0f && s[i + 3] == 0f;
	}

	/** Rows {@code i..i+3} into the sums of states {@code b..b+3}; per state the same arithmetic as {@link #addRows4}. */
	private static void addRows4x4(float[] a, int i, int n, int bound, float[][] states, float[][] sums, int b) {
		float[] s0 = states[b], s1 = states[b + 1], s2 = states[b + 2], s3 = states[b + 3];
		if (zero(s0, i) && zero(s1, i) && zero(s2, i) && zero(s3, i)) return;
		float[] t0 = sums[b], t1 = sums[b + 1], t2 = sums[b + 2], t3 = sums[b + 3];
		int o0 = i * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
		FloatVector w00 = FloatVector.broadcast(F, s0[i]), w01 = FloatVector.broadcast(F, s0[i + 1]),
			w02 = FloatVector.broadcast(F, s0[i + 2]), w03 = FloatVector.broadcast(F, s0[i + 3]);
		FloatVector w10 = FloatVector.broadcast(F, s1[i]), w11 = FloatVector.broadcast(F, s1[i + 1]),
			w12 = FloatVector.broadcast(F, s1[i + 2]), w13 = FloatVector.broadcast(F, s1[i + 3]);
		FloatVector w20 = FloatVector.broadcast(F, s2[i]), w21 = FloatVector.broadcast(F, s2[i + 1]),
			w22 = FloatVector.broadcast(F, s2[i + 2]), w23 = FloatVector.broadcast(F, s2[i + 3]);
		FloatVector w30 = FloatVector.broadcast(F, s3[i]), w31 = FloatVector.broadcast(F, s3[i + 1]),
			w32 = FloatVector.broadcast(F, s3[i + 2]), w33 = FloatVector.broadcast(F, s3[i + 3]);
		int j = 0;
		for (; j < bound; j += L) {
			FloatVector x0 = FloatVector.fromArray(F, a, o0 + j), x1 = FloatVector.fromArray(F, a, o1 + j);
			FloatVector x2 = FloatVector.fromArray(F, a, o2 + j), x3 = FloatVector.fromArray(F, a, o3 + j);
			x3.fma(w03, x2.fma(w02, x1.fma(w01, x0.fma(w00, FloatVector.fromArray(F, t0, j))))).intoArray(t0, j);
			x3.fma(w13, x2.fma(w12, x1.fma(w11, x0.fma(w10, FloatVector.fromArray(F, t1, j))))).intoArray(t1, j);
			x3.fma(w23, x2.fma(w22, x1.fma(w21, x0.fma(w20, FloatVector.fromArray(F, t2, j))))).intoArray(t2, j);
			x3.fma(w33, x2.fma(w32, x1.fma(w31, x0.fma(w30, FloatVector.fromArray(F, t3, j))))).intoArray(t3, j);
		}
		for (; j < n; j++) {
			float y0 = a[o0 + j], y1 = a[o1 + j], y2 = a[o2 + j], y3 = a[o3 + j];
			t0[j] += s0[i] * y0 + s0[i + 1] * y1 + s0[i + 2] * y2 + s0[i + 3] * y3;
			t1[j] += s1[i] * y0 + s1[i + 1] * y1 + s1[i + 2] * y2 + s1[i + 3] * y3;
			t2[j] += s2[i] * y0 + s2[i + 1] * y1 + s2[i + 2] * y2 + s2[i + 3] * y3;
			t3[j] += s3[i] * y0 + s3[i + 1] * y1 + s3[i + 2] * y2 + s3[i + 3] * y3;
		}
	}

	/** The Markov step on a packed matrix: four rows at a time, one state after the other, each state's sums in the same order. */
	@Override
	public void addRows(PackedMatrix m, int from, int to, float[][] states, float[][] sums) {
		int k = states.length, h = m.n() / 2;
		int[] words = m.words();
		float[] w = new float[4];
		int i = from;
		for (; i + 4 <= to; i += 4)
			for (int b = 0; b < k; b++)
				if (weights(states[b], i, w)) addPackedRows4(words, i * h, h, w, sums[b]);
		for (; i < to; i++)
			for (int b = 0; b < k; b++) {
				float wi = states[b][i];
				if (wi != 0f) addPackedRow(words, i * h, h, wi, sums[b]);
			}
	}
}
