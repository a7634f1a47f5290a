package io.github.m2n2.engine;

/**
 * {@code x^e} for {@code x} in [0, 1] and {@code e > 0} (the temperature's power of a row divided
 * by its maximum), in plain float arithmetic: additions, multiplications, explicit fused
 * multiply-adds and bit operations, each of which Java defines to the last bit. The Vector API
 * version ({@code vector/VectorKernels}) performs the same operations in the same order, lane by
 * lane, so both give the same bits.
 *
 * <p>Why not {@code Math.pow} or the Vector API's {@code POW}: {@code Math.pow} costs about 23 ns
 * here (six seconds of CPU for the 268 million entries at r = 128), and the Vector API's
 * transcendental operations give different last bits in compiled code (a vector math library)
 * and in the interpreter (a scalar fallback), so the first image of a fresh JVM, prepared while
 * the JIT was still compiling, got a slightly different matrix from the same image later (found
 * with {@code bench --fidelity} on a HeLa frame: up to 6e-8 on 1.5 million entries).
 *
 * <p>Method: {@code x = m 2^k} with {@code m} in [sqrt(1/2), sqrt(2)], {@code ln m} by a degree-8
 * polynomial in {@code m - 1}; {@code y = e ln x} carried as a sum of two floats (the product's
 * rounding error recovered with a fused multiply-add, ln 2 split so that {@code k ln 2} is
 * exact); {@code e^y = 2^n e^r} with {@code |r| <= ln 2 / 2} and a degree-6 polynomial. The
 * polynomial coefficients are the classic single-precision minimax ones (as in the Cephes
 * library's logf and expf). Relative error within a few units in the last place of
 * {@code Math.pow} (tested); results below 2^-126 are returned as 0.
 */
public final class Power {

	/** ln 2 in two parts: the first has 9 significant bits, so {@code k * LN2_HI} is exact for the k that occur. */
	public static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
	public static final float LOG2E = 1.44269504088896341f;
	public static final float SQRT2 = 1.41421356237309505f;
	/** 1.5 * 2^23: adding it and taking it away again rounds a float of magnitude below 2^22 to an integer. */
	public static final float ROUND = 12582912f;
	/** 2^24: lifts a subnormal x into the normal range (its exponent is corrected by 24). */
	public static final float LIFT = 16777216f;

	public static final float L0 = 7.0376836292E-2f, L1 = -1.1514610310E-1f, L2 = 1.1676998740E-1f, L3 = -1.2420140846E-1f,
		L4 = 1.4249322787E-1f, L5 = -1.6668057665E-1f, L6 = 2.0000714765E-1f, L7 = -2.4999993993E-1f, L8 = 3.3333331174E-1f;
	public static final float E0 = 1.9875691500E-4f, E1 = 1.3981999507E-3f, E2 = 8.3334519073E-3f, E3 = 4.1665795894E-2f,
		E4 = 1.6666665459E-1f, E5 = 5.0000001201E-1f;

	private Power() { }

	/** {@code x^e} for {@code 0 <= x <= 1}, {@code e > 0}; 0 for {@code x <= 0} or NaN. */
	public static float pow(float x, float e) {
		if (!(x > 0f)) return 0f;
		int bits = Float.floatToRawIntBits(x);
		int lift = 0;
		if (bits < 0x00800000) {
			bits = Float.floatToRawIntBits(x * LIFT);
			lift = -24;
		}
		int k = (bits >>> 23) - 127 + lift;
		float m = Float.intBitsToFloat((bits & 0x007FFFFF) | 0x3F800000);
		if (m > SQRT2) {
			m = m * 0.5f;
			k = k + 1;
		}
		float f = m - 1f;
		float z = f * f;
		float p = L0;
		p = p * f + L1;
		p = p * f + L2;
		p = p * f + L3;
		p = p * f + L4;
		p = p * f + L5;
		p = p * f + L6;
		p = p * f + L7;
		p = p * f + L8;
		float lnM = f + (f * z * p - 0.5f * z);
		float kf = k;
		float a = kf * LN2_HI;
		float b = Math.fma(kf, LN2_LO, lnM);
		float yHi = a * e;
		float yLo = Math.fma(a, e, -yHi) + b * e;
		float nf = ((yHi + yLo) * LOG2E + ROUND) - ROUND;
		float r = (yHi - nf * LN2_HI) + (yLo - nf * LN2_LO);
		float q = E0;
		q = q * r + E1;
		q = q * r + E2;
		q = q * r + E3;
		q = q * r + E4;
		q = q * r + E5;
		float er = Math.fma(r * r, q, r) + 1f;
		int n = (int) nf;
		if (n < -126) return 0f;
		return er * Float.intBitsToFloat((n + 127) << 23);
	}
}
