package io.github.m2n2.engine;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.view.Views;

/**
 * The n-dimensional boundary of the engine: an image is X, Y and any further axes (channel,
 * z, time); the engine segments one X-Y plane of it, a {@link Views#hyperSlice} view, so a
 * stack is never copied to reach a plane.
 */
public final class Planes {

	private Planes() { }

	/**
	 * The X-Y plane at {@code position}, one index per axis after Y (relative to the image's
	 * minimum); a 2-D image is its own plane.
	 */
	public static <T> RandomAccessibleInterval<T> plane(RandomAccessibleInterval<T> image, long... position) {
		int extra = image.numDimensions() - 2;
		if (extra < 0) throw new IllegalArgumentException("An image needs at least the two axes X and Y, got " + image.numDimensions() + ".");
		if (position.length != extra)
			throw new IllegalArgumentException("A plane of a " + image.numDimensions() + "-d image needs " + extra + " positions, got " + position.length + ".");
		RandomAccessibleInterval<T> view = image;
		// slice from the last axis so the remaining axes keep their numbers
		for (int d = image.numDimensions() - 1; d >= 2; d--) {
			long p = position[d - 2];
			if (p < 0 || p >= image.dimension(d))
				throw new IllegalArgumentException("Position " + p + " on axis " + d + " lies outside 0.." + (image.dimension(d) - 1) + ".");
			view = Views.hyperSlice(view, d, image.min(d) + p);
		}
		return view;
	}

	/** Number of X-Y planes: the product of the sizes of the axes after Y. */
	public static long planeCount(RandomAccessibleInterval<?> image) {
		long n = 1;
		for (int d = 2; d < image.numDimensions(); d++) n *= image.dimension(d);
		return n;
	}
}
