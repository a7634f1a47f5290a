package io.github.m2n2.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import net.imglib2.Cursor;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import io.github.m2n2.engine.Attention;
import io.github.m2n2.engine.GuideImage;
import io.github.m2n2.engine.ProgressListener;

/** A backbone reads any X-Y-C ImgLib2 image: a plane of an n-d stack gives what its guide gives. */
class BackboneImageInputTest {

	private static final int SIZE = 48, R = 8;

	/** Time point t: a disc whose centre and colour depend on t, on a graded background. */
	private static float value(int x, int y, int c, int t) {
		double cx = 14 + 18 * t, cy = 20 + 6 * t;
		boolean inside = (x - cx) * (x - cx) + (y - cy) * (y - cy) < 100;
		return inside ? (c == t ? 0.9f : 0.2f) : (float) (0.1 + 0.5 * x / SIZE * (c + 1) / 3);
	}

	@Test
	void aHyperSlicePlaneOfAStackGivesTheSameAttentionAsItsGuide() throws Exception {
		// X, Y, C, T
		ArrayImg<FloatType, FloatArray> stack = ArrayImgs.floats(SIZE, SIZE, 3, 2);
		Cursor<FloatType> cur = stack.localizingCursor();
		while (cur.hasNext()) {
			cur.fwd();
			cur.get().set(value(cur.getIntPosition(0), cur.getIntPosition(1), cur.getIntPosition(2), cur.getIntPosition(3)));
		}
		float[][] ch = new float[3][SIZE * SIZE];
		for (int c = 0; c < 3; c++)
			for (int y = 0; y < SIZE; y++)
				for (int x = 0; x < SIZE; x++) ch[c][y * SIZE + x] = value(x, y, c, 1);
		GuideImage guide = GuideImage.ofChannels(SIZE, SIZE, ch[0], ch[1], ch[2]);

		EmbeddedBackbone backbone = new EmbeddedBackbone();
		Attention fromSlice = backbone.attention(Views.hyperSlice(stack, 3, 1), R, ProgressListener.NONE);
		Attention fromGuide = backbone.attention(guide, R, ProgressListener.NONE);
		assertArrayEquals(fromGuide.values(), fromSlice.values(), 0f);
		// the slice matters: the other time point is another image
		Attention other = backbone.attention(Views.hyperSlice(stack, 3, 0), R, ProgressListener.NONE);
		assertFalse(Arrays.equals(fromGuide.values(), other.values()));
	}
}
