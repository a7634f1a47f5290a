package io.github.m2n2.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

class PlanesTest {

	@Test
	void aPlaneOfAStackIsItsSliceAndA2dImageIsItsOwn() {
		float[] v = new float[4 * 3 * 5];
		for (int i = 0; i < v.length; i++) v[i] = i;
		ArrayImg<FloatType, FloatArray> xyz = ArrayImgs.floats(v, 4, 3, 5);
		var plane = Planes.plane(xyz, 2);
		assertEquals(2, plane.numDimensions());
		var ra = plane.randomAccess();
		ra.setPosition(new long[] { 1, 2 });
		assertEquals(2 * 12 + 2 * 4 + 1, ra.get().get());
		assertEquals(5, Planes.planeCount(xyz));
		ArrayImg<FloatType, FloatArray> xy = ArrayImgs.floats(4, 3);
		assertEquals(xy, Planes.plane(xy));
		assertThrows(IllegalArgumentException.class, () -> Planes.plane(xyz, 5));
		assertThrows(IllegalArgumentException.class, () -> Planes.plane(xyz));
	}
}
