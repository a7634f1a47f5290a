package io.github.m2n2.io;

/**
 * IEEE 754 binary16 and bfloat16 to and from float. JDK 17 has no {@code Float.float16ToFloat}
 * (that arrived in 20), so the bit layout is handled here.
 */
public final class Half {

	private Half() { }

	public static float toFloat(short h) {
		int bits = h & 0xffff;
		int sign = (bits & 0x8000) << 16;
		int exp = (bits >>> 10) & 0x1f;
		int mant = bits & 0x3ff;
		if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13)); // inf / NaN
		if (exp == 0) {
			if (mant == 0) return Float.intBitsToFloat(sign);
			// subnormal: value = mant * 2^-24
			float v = mant * 0x1p-24f;
			return sign != 0 ? -v : v;
		}
		return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
	}

	/** Round to nearest even, overflow to infinity. */
	public static short fromFloat(float f) {
		int bits = Float.floatToRawIntBits(f);
		int sign = (bits >>> 16) & 0x8000;
		int exp = (bits >>> 23) & 0xff;
		int mant = bits & 0x7fffff;
		if (exp == 0xff) return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
		int e = exp - 127 + 15;
		if (e >= 0x1f) return (short) (sign | 0x7c00);
		if (e <= 0) {
			if (e < -10) return (short) sign;
			mant |= 0x800000;
			int shift = 14 - e;
			int half = mant >>> shift;
			int rest = mant & ((1 << shift) - 1);
			int mid = 1 << (shift - 1);
			if (rest > mid || (rest == mid && (half & 1) != 0)) half++;
			return (short) (sign | half);
		}
		int half = (e << 10) | (mant >>> 13);
		int rest = mant & 0x1fff;
		if (rest > 0x1000 || (rest == 0x1000 && (half & 1) != 0)) half++;
		return (short) (sign | half);
	}

	public static float bf16ToFloat(short b) {
		return Float.intBitsToFloat((b & 0xffff) << 16);
	}
}
