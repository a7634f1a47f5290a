package io.github.m2n2.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

class GuideImageTest {

	@Test
	void greyImgIsMappedThroughItsMinMaxWithNaNAsZero() {
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(new float[] { 10, 20, Float.NaN, 30 }, 2, 2);
		GuideImage g = GuideImage.fromGrey(img);
		// NaN counts as 0, so the range is 0..30
		assertArrayEquals(new float[] { 1 / 3f, 2 / 3f, 0f, 1f }, g.channel(0), 1e-6f);
		assertArrayEquals(g.channel(0), g.channel(2));
	}

	@Test
	void rgbImgIsScaledPerChannel() {
		ArrayImg<UnsignedShortType, ShortArray> img = ArrayImgs.unsignedShorts(new short[] { 0, 255, 51, 102, 0, 0 }, 2, 1, 3);
		GuideImage g = GuideImage.fromRgb(img, 255);
		assertArrayEquals(new float[] { 0f, 1f }, g.channel(0), 1e-6f);
		assertArrayEquals(new float[] { 0.2f, 0.4f }, g.channel(1), 1e-6f);
		assertEquals(2, g.channelImg(1).dimension(0));
	}

	@Test
	void areaResizeAveragesBlocksAndFractions() {
		float[] in = { 1, 3, 5, 7 };
		assertArrayEquals(new float[] { 2, 6 }, AreaResize.resize(in, 4, 1, 2, 1), 1e-6f);
		// 4 -> 3: each output covers 4/3 input pixels
		assertArrayEquals(new float[] { 1.5f, 4f, 6.5f }, AreaResize.resize(in, 4, 1, 3, 1), 1e-5f);
		assertArrayEquals(new float[] { 1, 1, 3, 3, 5, 5, 7, 7 }, AreaResize.resize(in, 4, 1, 8, 1), 1e-6f);
	}
}
