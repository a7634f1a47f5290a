package io.github.m2n2.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PowerTest {

	@Test
	void withinAFewUnitsInTheLastPlaceOfMathPow() {
		java.util.Random rnd = new java.util.Random(5);
		for (float e : new float[] { (float) (1 / 0.65), 1f, 2f, 0.5f, 3.7f, 0.1f }) {
			int worst = 0;
			for (int i = 0; i < 200_000; i++) {
				float x = i % 3 == 0 ? rnd.nextFloat() : (float) Math.pow(2, -rnd.nextDouble() * 140);
				float expected = (float) Math.pow(x, e), got = Power.pow(x, e);
				if (expected < 0x1p-120f) {
					assertTrue(got <= 0x1p-119f, "tiny results stay tiny: " + x + "^" + e + " = " + got);
					continue;
				}
				worst = Math.max(worst, Math.abs(Float.floatToIntBits(expected) - Float.floatToIntBits(got)));
			}
			assertTrue(worst <= 4, "e = " + e + ": " + worst + " units in the last place");
		}
	}

	@Test
	void endsAndSpecialInputs() {
		assertEquals(1f, Power.pow(1f, 1.5384616f));
		assertEquals(0f, Power.pow(0f, 1.5f));
		assertEquals(0f, Power.pow(-0.5f, 1.5f));
		assertEquals(0f, Power.pow(Float.NaN, 1.5f));
		assertEquals(1e-20, Power.pow(1e-40f, 0.5f), 1e-25, "a subnormal x is lifted into the normal range");
		assertEquals(0f, Power.pow(1e-30f, 5f), "results below 2^-126 are 0");
	}
}
