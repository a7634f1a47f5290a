package io.github.m2n2.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import io.github.m2n2.engine.GuideImage;

/** Label images leave as ImgLib2 images and become ImageJ planes; a three-channel float image is a guide without a copy. */
class LabelAndGuideImgsTest {

	@Test
	void anArrayLabelImageIsReadFromItsStorageAndCopiedForImageJ() {
		short[] labels = { 0, 1, 2, (short) 40000, 1, 0 };
		ArrayImg<UnsignedShortType, ShortArray> img = ArrayImgs.unsignedShorts(labels, 3, 2);
		assertSame(labels, ImagePlusImgs.shortPixels(img));
		ShortProcessor sp = ImagePlusImgs.labelProcessor(img);
		assertEquals(3, sp.getWidth());
		assertEquals(40000, sp.get(0, 1));
		sp.set(1, 0, 7);
		assertEquals(1, labels[1], "ImageJ's copy is its own");
	}

	@Test
	void aPlaneOfALabelStackIsReadThroughTheView() {
		// X, Y, Z: plane z holds z*10 + index
		short[] values = new short[3 * 2 * 2];
		for (int i = 0; i < values.length; i++) values[i] = (short) ((i / 6) * 10 + i % 6);
		RandomAccessibleInterval<UnsignedShortType> plane = Views.hyperSlice(ArrayImgs.unsignedShorts(values, 3, 2, 2), 2, 1);
		assertArrayEquals(new short[] { 10, 11, 12, 13, 14, 15 }, ImagePlusImgs.shortPixels(plane));
		ImagePlus imp = ImageFiles.labelImage(plane, "labels", null);
		assertEquals(15, imp.getProcessor().get(2, 1));
		assertEquals(15, imp.getDisplayRangeMax(), 0);
	}

	@Test
	@SuppressWarnings("unchecked")
	void aThreeChannelFloatImageJImageIsAGuideOverItsOwnPixels() {
		ImageStack stack = new ImageStack(4, 3);
		for (int c = 0; c < 3; c++) {
			float[] p = new float[12];
			for (int i = 0; i < p.length; i++) p[i] = (c * 12 + i) / 36f;
			stack.addSlice(new FloatProcessor(4, 3, p));
		}
		ImagePlus imp = new ImagePlus("rgb floats", stack);
		imp.setDimensions(3, 1, 1);
		Img<FloatType> xyc = (Img<FloatType>) ImagePlusImgs.wrap(imp);
		GuideImage g = GuideImage.of(xyc);
		for (int c = 0; c < 3; c++) assertSame(stack.getPixels(c + 1), g.channel(c));
		// the same pixels seen through a view are copied, with the same values
		GuideImage copy = GuideImage.of(Views.interval(xyc, xyc));
		assertNotSame(g.channel(0), copy.channel(0));
		assertArrayEquals(g.channel(2), copy.channel(2), 0f);
	}
}
