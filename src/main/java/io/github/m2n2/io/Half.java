package io.github.m2n2.io;

/** IEEE 754 half precision to float (JDK 17 has no Float.float16ToFloat). */
public final class Half {

	private Half() { }

	public static float toFloat(short bits) {
		int h = bits & 0xffff;
		int sign = (h & 0x8000) << 16;
		int exp = (h >>> 10) & 0x1f;
		int mant = h & 0x3ff;
		if (exp == 0) {
			if (mant == 0) return Float.intBitsToFloat(sign);
			// subnormal: value = mant * 2^-24
			float v = mant * 5.9604645e-8f;
			return sign == 0 ? v : -v;
		}
		if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
		return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
	}
}
