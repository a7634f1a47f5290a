package io.github.m2n2.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import io.github.m2n2.engine.GuideImage;
import io.github.m2n2.engine.Planes;

/** ImageJ images seen as ImgLib2 images: same memory, the right axes and planes. */
class ImagePlusImgsTest {

	@Test
	@SuppressWarnings("unchecked")
	void aPlaneIsViewedNotCopied() {
		ByteProcessor bp = new ByteProcessor(5, 3);
		bp.set(4, 2, 200);
		Img<? extends RealType<?>> img = (Img<? extends RealType<?>>) ImagePlusImgs.wrap(bp);
		RandomAccess<? extends RealType<?>> ra = img.randomAccess();
		ra.setPosition(new long[] { 4, 2 });
		assertEquals(200, ra.get().getRealDouble(), "unsigned 8-bit");
		ra.get().setReal(7);
		assertEquals(7, bp.get(4, 2), "writes reach the ImageJ pixels: one memory");
	}

	@Test
	@SuppressWarnings("unchecked")
	void aHyperstackIsAnNdImageWhosePlanesAreImageJsPlanes() {
		ImagePlus imp = IJ.createHyperStack("h", 6, 4, 2, 3, 4, 16);
		// mark every plane with its own stack index
		for (int i = 1; i <= imp.getStackSize(); i++) imp.getStack().getProcessor(i).set(1, 2, i);
		assertEquals(List.of('X', 'Y', 'C', 'Z', 'T'), ImagePlusImgs.axes(imp));
		Img<UnsignedShortType> img = (Img<UnsignedShortType>) ImagePlusImgs.wrap(imp);
		assertArrayEquals(new long[] { 6, 4, 2, 3, 4 }, img.dimensionsAsLongArray());
		for (int t = 0; t < 4; t++)
			for (int z = 0; z < 3; z++)
				for (int c = 0; c < 2; c++) {
					RandomAccessibleInterval<UnsignedShortType> plane = Planes.plane(img, c, z, t);
					RandomAccess<UnsignedShortType> ra = plane.randomAccess();
					ra.setPosition(new long[] { 1, 2 });
					assertEquals(imp.getStackIndex(c + 1, z + 1, t + 1), ra.get().get(), "plane c=" + c + " z=" + z + " t=" + t);
				}
		assertEquals(24, Planes.planeCount(img));
	}

	@Test
	void aZStackHasOneExtraAxis() {
		ImagePlus imp = IJ.createImage("z", "32-bit black", 4, 4, 5);
		assertEquals(List.of('X', 'Y', 'Z'), ImagePlusImgs.axes(imp));
		assertEquals(3, ImagePlusImgs.wrap(imp).numDimensions());
	}

	@Test
	@SuppressWarnings("unchecked")
	void theGuideThroughImgLib2EqualsThePackedPixels() {
		ColorProcessor cp = new ColorProcessor(7, 5);
		for (int i = 0; i < 35; i++) cp.set(i, (i * 37) << 16 | (i * 11) << 8 | (255 - i));
		GuideImage viaImg = GuideImage.fromArgb((Img<ARGBType>) ImagePlusImgs.wrap(cp));
		GuideImage direct = GuideImage.ofPackedRgb(7, 5, (int[]) cp.getPixels());
		for (int c = 0; c < 3; c++) assertArrayEquals(direct.channel(c), viaImg.channel(c));
		// a NaN area counts as 0 (two NaN side by side: not a dead pixel, see engine/DeadPixels)
		FloatProcessor fp = new FloatProcessor(4, 1, new float[] { 2, Float.NaN, Float.NaN, 6 });
		fp.setMinAndMax(2, 4);
		GuideImage display = ImagePlusGuide.of(fp, ImagePlusGuide.GreyMapping.DISPLAY_RANGE);
		assertArrayEquals(new float[] { 0f, 0f, 0f, 1f }, display.channel(0));
		GuideImage minMax = ImagePlusGuide.of(fp, ImagePlusGuide.GreyMapping.MIN_MAX);
		assertArrayEquals(new float[] { 1f / 3, 0f, 0f, 1f }, minMax.channel(1), 1e-6f);
		// one dead pixel between two values takes their mean
		FloatProcessor dead = new FloatProcessor(3, 1, new float[] { 2, Float.NaN, 6 });
		dead.setMinAndMax(2, 4);
		assertArrayEquals(new float[] { 0f, 1f, 1f }, ImagePlusGuide.of(dead, ImagePlusGuide.GreyMapping.DISPLAY_RANGE).channel(0));
	}
}
