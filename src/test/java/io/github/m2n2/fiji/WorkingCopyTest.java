package io.github.m2n2.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import io.github.m2n2.engine.Click;
import io.github.m2n2.engine.GuideImage;

/** Labels of a working copy come back as a full-size ImgLib2 label image. */
class WorkingCopyTest {

	private static GuideImage grey(int w, int h) {
		return GuideImage.ofChannels(w, h, new float[w * h], new float[w * h], new float[w * h]);
	}

	@Test
	void workingLabelsAreScaledBackToFullSizeWithClickPixelsKept() {
		WorkingCopy copy = WorkingCopy.of(grey(8, 4), 4);
		assertEquals(4, copy.working.width());
		assertEquals(2, copy.working.height());
		ArrayImg<UnsignedShortType, ShortArray> working = ArrayImgs.unsignedShorts(new short[] { 1, 1, 2, 2, 0, 0, 3, 3 }, 4, 2);
		// the click at (0, 3) lies in working row 1, which says 0 there; the click keeps its label
		ArrayImg<UnsignedShortType, ShortArray> full = copy.toFull(working, List.of(new Click(0, 3, 5)));
		assertArrayEquals(new long[] { 8, 4 }, full.dimensionsAsLongArray());
		short[] f = full.update(null).getCurrentStorageArray();
		assertArrayEquals(new short[] { 1, 1, 1, 1, 2, 2, 2, 2 }, Arrays.copyOfRange(f, 0, 8));
		assertArrayEquals(new short[] { 0, 0, 0, 0, 3, 3, 3, 3, 5, 0, 0, 0, 3, 3, 3, 3 }, Arrays.copyOfRange(f, 16, 32));
		LabelResult result = new LabelResult(full, List.of(new Click(0, 3, 5)), copy.note());
		assertSame(f, result.labels());
		assertArrayEquals(new int[] { 1, 2, 3, 5 }, result.objectLabels());
	}

	@Test
	void atFullSizeTheLabelsAreHandedOnAsTheyAre() {
		WorkingCopy copy = WorkingCopy.of(grey(4, 2), 4);
		ArrayImg<UnsignedShortType, ShortArray> labels = ArrayImgs.unsignedShorts(4, 2);
		assertSame(labels, copy.toFull(labels, List.of(new Click(1, 1, 1))));
	}
}
