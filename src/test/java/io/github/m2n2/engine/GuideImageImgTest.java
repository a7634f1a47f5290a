package io.github.m2n2.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/** The guide as an ImgLib2 image (X, Y, C) and {@link GuideImage#of} on the shapes images come in. */
class GuideImageImgTest {

	private static final int W = 5, H = 4;

	/** Channel c at (x, y) holds a value that names all three. */
	private static float value(int x, int y, int c) {
		return (c * 100 + y * 10 + x) / 400f;
	}

	private static GuideImage guide() {
		float[][] ch = new float[3][W * H];
		for (int c = 0; c < 3; c++)
			for (int y = 0; y < H; y++)
				for (int x = 0; x < W; x++) ch[c][y * W + x] = value(x, y, c);
		return GuideImage.ofChannels(W, H, ch[0], ch[1], ch[2]);
	}

	@Test
	void theGuideIsAnXycImageOfItsChannels() {
		GuideImage g = guide();
		assertEquals(3, g.numDimensions());
		assertArrayEquals(new long[] { W, H, 3 }, g.dimensionsAsLongArray());
		assertArrayEquals(new long[] { 0, 0, 0 }, g.minAsLongArray());
		assertEquals(3L * W * H, g.size());
		RandomAccess<FloatType> ra = g.randomAccess();
		for (int c = 0; c < 3; c++)
			for (int y = 0; y < H; y++)
				for (int x = 0; x < W; x++) assertEquals(value(x, y, c), ra.setPositionAndGet(x, y, c).get(), 0f);
		// flat iteration runs X fastest, then Y, then channel: the three arrays one after another
		Cursor<FloatType> cur = Views.flatIterable(g).cursor();
		for (int c = 0; c < 3; c++)
			for (int i = 0; i < W * H; i++) assertEquals(g.channel(c)[i], cur.next().get(), 0f);
		assertTrue(!cur.hasNext());
	}

	@Test
	void theImageIsTheChannelArraysNotACopy() {
		GuideImage g = guide();
		g.channel(1)[2 * W + 3] = 0.625f;
		assertEquals(0.625f, g.getAt(3, 2, 1).get(), 0f);
		g.getAt(4, 1, 2).set(0.125f);
		assertEquals(0.125f, g.channel(2)[W + 4], 0f);
	}

	@Test
	void ofAGuideIsTheGuide() {
		GuideImage g = guide();
		assertSame(g, GuideImage.of(g));
	}

	@Test
	void ofAPlanarFloatImageSharesItsPlanes() {
		PlanarImg<FloatType, FloatArray> planar = PlanarImgs.floats(W, H, 3);
		Cursor<FloatType> cur = planar.localizingCursor();
		while (cur.hasNext()) {
			cur.fwd();
			cur.get().set(value(cur.getIntPosition(0), cur.getIntPosition(1), cur.getIntPosition(2)));
		}
		GuideImage g = GuideImage.of(planar);
		for (int c = 0; c < 3; c++) assertSame(planar.getPlane(c).getCurrentStorageArray(), g.channel(c));
		assertArrayEquals(guide().channel(2), g.channel(2), 0f);
	}

	@Test
	void ofAHyperSliceOfA4dStackCopiesThatPlane() {
		// X, Y, C, T with two time points that differ
		ArrayImg<FloatType, FloatArray> stack = ArrayImgs.floats(W, H, 3, 2);
		Cursor<FloatType> cur = stack.localizingCursor();
		while (cur.hasNext()) {
			cur.fwd();
			float v = value(cur.getIntPosition(0), cur.getIntPosition(1), cur.getIntPosition(2));
			cur.get().set(cur.getIntPosition(3) == 0 ? v : 1 - v);
		}
		GuideImage g = GuideImage.of(Views.hyperSlice(stack, 3, 1));
		GuideImage expected = guide();
		for (int c = 0; c < 3; c++)
			for (int i = 0; i < W * H; i++) assertEquals(1 - expected.channel(c)[i], g.channel(c)[i], 0f);
		assertNotSame(stack.update(null).getCurrentStorageArray(), g.channel(0));
	}

	@Test
	void ofACropIsTheCropFromItsMinimum() {
		RandomAccessibleInterval<FloatType> crop = Views.interval(guide(), new long[] { 1, 2, 0 }, new long[] { 3, 3, 2 });
		GuideImage g = GuideImage.of(crop);
		assertEquals(3, g.width());
		assertEquals(2, g.height());
		assertEquals(value(1, 2, 0), g.channel(0)[0], 0f);
		assertEquals(value(3, 3, 2), g.channel(2)[g.pixelCount() - 1], 0f);
	}

	@Test
	void ofRefusesWrongShapesAndValuesWithAMessage() {
		IllegalArgumentException twoD = assertThrows(IllegalArgumentException.class, () -> GuideImage.of(ArrayImgs.floats(W, H)));
		assertTrue(twoD.getMessage().contains("X, Y, C"), twoD.getMessage());
		assertThrows(IllegalArgumentException.class, () -> GuideImage.of(ArrayImgs.floats(W, H, 4)));
		ArrayImg<FloatType, FloatArray> bright = ArrayImgs.floats(W, H, 3);
		bright.getAt(1, 1, 1).set(255);
		IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> GuideImage.of(bright));
		assertTrue(range.getMessage().contains("[0, 1]") && range.getMessage().contains("255"), range.getMessage());
		ArrayImg<FloatType, FloatArray> nan = ArrayImgs.floats(W, H, 3);
		nan.getAt(0, 0, 0).set(Float.NaN);
		assertThrows(IllegalArgumentException.class, () -> GuideImage.of(nan));
	}
}
