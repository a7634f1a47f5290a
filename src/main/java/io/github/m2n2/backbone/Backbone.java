package io.github.m2n2.backbone;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;

import io.github.m2n2.engine.Attention;
import io.github.m2n2.engine.GuideImage;
import io.github.m2n2.engine.ProgressListener;

/**
 * Turns an image into self-attention over an {@code r x r} token grid: an
 * {@code N x N} matrix ({@code N = r*r}) whose rows sum to 1. Implementations may hold large
 * resources (a loaded network), released by {@link #close()}.
 */
public interface Backbone extends AutoCloseable {

	/** Short name used on the command line and in dialogs, e.g. {@code embedded}, {@code sd2}. */
	String name();

	/**
	 * @param image      the image as an ImgLib2 image with the axes X, Y, C: three colour
	 *                   channels, values in [0, 1] (grey images repeated in all three). A
	 *                   {@link GuideImage} is one; a plane of a larger image (a
	 *                   {@link net.imglib2.view.Views#hyperSlice} of a stack) may be passed as
	 *                   a view. Implementations read it through {@link GuideImage#of}, which
	 *                   copies only when the pixels are not already three float planes.
	 * @param resolution the grid side r (the backbone may refuse values it cannot produce)
	 * @throws BackboneException with a message for the user when the attention cannot be made
	 */
	Attention attention(RandomAccessibleInterval<FloatType> image, int resolution, ProgressListener progress) throws BackboneException;

	/** The grid side used when the user names none; 0 where the attention brings its own. */
	default int defaultResolution() { return 64; }

	@Override
	default void close() { }
}
