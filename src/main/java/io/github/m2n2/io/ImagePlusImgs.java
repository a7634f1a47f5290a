package io.github.m2n2.io;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import net.imglib2.view.Views;

/**
 * ImageJ images as ImgLib2 images over the same pixel arrays, without copying (imglib2-ij is
 * not available here; these few lines cover what the plugin needs). Pixel types follow the bit
 * depth: 8-bit {@link UnsignedByteType}, 16-bit {@link UnsignedShortType}, 32-bit
 * {@link FloatType}, RGB {@link ARGBType}. A hyperstack's axes are X, Y, then C, Z and T
 * where the image has more than one of them ({@link #axes}); {@link io.github.m2n2.engine.Planes#plane}
 * gives one X-Y plane of it as a view.
 */
public final class ImagePlusImgs {

	private ImagePlusImgs() { }

	/** One plane as a 2-D image over the processor's pixel array. */
	public static Img<?> wrap(ImageProcessor ip) {
		long w = ip.getWidth(), h = ip.getHeight();
		if (ip instanceof ByteProcessor) return ArrayImgs.unsignedBytes((byte[]) ip.getPixels(), w, h);
		if (ip instanceof ShortProcessor) return ArrayImgs.unsignedShorts((short[]) ip.getPixels(), w, h);
		if (ip instanceof FloatProcessor) return ArrayImgs.floats((float[]) ip.getPixels(), w, h);
		if (ip instanceof ColorProcessor) return ArrayImgs.argbs((int[]) ip.getPixels(), w, h);
		throw new IllegalArgumentException("Unsupported ImageJ pixel type " + ip.getClass().getSimpleName() + ".");
	}

	/**
	 * The row-major pixels of an X-Y label image: the storage array itself when it is an
	 * {@link ArrayImg} over one (as a session's labels are; do not modify it then), otherwise a
	 * copy read through the view.
	 */
	public static short[] shortPixels(RandomAccessibleInterval<UnsignedShortType> xy) {
		short[] storage = storage(xy);
		if (storage != null) return storage;
		short[] out = new short[(int) (xy.dimension(0) * xy.dimension(1))];
		Cursor<UnsignedShortType> c = Views.flatIterable(xy).cursor();
		for (int i = 0; i < out.length; i++) out[i] = c.next().getShort();
		return out;
	}

	/** A new 16-bit ImageJ plane holding a copy of the labels (ImageJ owns and may edit its pixels). */
	public static ShortProcessor labelProcessor(RandomAccessibleInterval<UnsignedShortType> xy) {
		short[] storage = storage(xy);
		return new ShortProcessor((int) xy.dimension(0), (int) xy.dimension(1), storage != null ? storage.clone() : shortPixels(xy), null);
	}

	private static short[] storage(RandomAccessibleInterval<UnsignedShortType> xy) {
		if (xy.numDimensions() != 2)
			throw new IllegalArgumentException("A label plane has the two axes X and Y, got " + xy.numDimensions() + ".");
		if (xy.dimension(0) * xy.dimension(1) > Integer.MAX_VALUE)
			throw new IllegalArgumentException("The label plane has more pixels than one array holds.");
		if (xy instanceof ArrayImg && ((ArrayImg<?, ?>) xy).update(null) instanceof ShortArray) {
			short[] a = ((ShortArray) ((ArrayImg<?, ?>) xy).update(null)).getCurrentStorageArray();
			if (a.length == xy.dimension(0) * xy.dimension(1)) return a;
		}
		return null;
	}

	/** The axis letters of {@link #wrap(ImagePlus)}: X, Y, then those of C, Z, T with more than one entry. */
	public static List<Character> axes(ImagePlus imp) {
		List<Character> axes = new ArrayList<>(List.of('X', 'Y'));
		if (imp.getNChannels() > 1) axes.add('C');
		if (imp.getNSlices() > 1) axes.add('Z');
		if (imp.getNFrames() > 1) axes.add('T');
		return axes;
	}

	/**
	 * The whole (hyper)stack as one n-d image over its plane arrays; ImageJ's plane order (C
	 * fastest, then Z, then T) is exactly the planar image's order for the axes of {@link #axes}.
	 */
	public static Img<?> wrap(ImagePlus imp) {
		ImageStack stack = imp.getStack();
		List<Character> axes = axes(imp);
		long[] dims = new long[axes.size()];
		dims[0] = imp.getWidth();
		dims[1] = imp.getHeight();
		for (int d = 2; d < dims.length; d++)
			dims[d] = axes.get(d) == 'C' ? imp.getNChannels() : axes.get(d) == 'Z' ? imp.getNSlices() : imp.getNFrames();
		int n = stack.getSize();
		switch (imp.getType()) {
			case ImagePlus.GRAY8: {
				List<ByteArray> planes = new ArrayList<>(n);
				for (int i = 1; i <= n; i++) planes.add(new ByteArray((byte[]) stack.getPixels(i)));
				return planar(planes, dims, new UnsignedByteType());
			}
			case ImagePlus.GRAY16: {
				List<ShortArray> planes = new ArrayList<>(n);
				for (int i = 1; i <= n; i++) planes.add(new ShortArray((short[]) stack.getPixels(i)));
				return planar(planes, dims, new UnsignedShortType());
			}
			case ImagePlus.GRAY32: {
				List<FloatArray> planes = new ArrayList<>(n);
				for (int i = 1; i <= n; i++) planes.add(new FloatArray((float[]) stack.getPixels(i)));
				return planar(planes, dims, new FloatType());
			}
			case ImagePlus.COLOR_RGB: {
				List<IntArray> planes = new ArrayList<>(n);
				for (int i = 1; i <= n; i++) planes.add(new IntArray((int[]) stack.getPixels(i)));
				return planar(planes, dims, new ARGBType());
			}
			default:
				throw new IllegalArgumentException("Unsupported ImageJ image type " + imp.getType() + " (8-bit colour-indexed images: convert to RGB first).");
		}
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static <T extends NativeType<T>, A extends ArrayDataAccess<A>> PlanarImg<T, A> planar(List<A> planes, long[] dims, T type) {
		PlanarImg<T, A> img = new PlanarImg<>(planes, dims, new Fraction());
		// the factory's access type is a wildcard; the planes are the arrays that type reads
		img.setLinkedType((T) type.getNativeTypeFactory().createLinkedType((PlanarImg) img));
		return img;
	}
}
