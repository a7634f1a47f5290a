package io.github.m2n2.engine;

import java.util.List;

import net.imglib2.Cursor;
import net.imglib2.Interval;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import net.imglib2.view.Views;

/**
 * The RGB image a segmentation works on, each channel a flat {@code float[]} in [0, 1] (row
 * major). It guides the upsampler and is what backbones compute attention from.
 * <p>
 * It is also the ImgLib2 image it describes: X, Y, C with three channels, a planar image over
 * the same three arrays (no copy), so it can be handed wherever an ImgLib2 image is expected,
 * while the engine's inner loops keep reading {@link #channel(int)}.
 */
public final class GuideImage implements RandomAccessibleInterval<FloatType> {

	private final int width;
	private final int height;
	private final float[][] channels;
	private final PlanarImg<FloatType, FloatArray> img;

	private GuideImage(int width, int height, float[][] channels) {
		this.width = width;
		this.height = height;
		this.channels = channels;
		this.img = planar(width, height, channels);
	}

	private static PlanarImg<FloatType, FloatArray> planar(int width, int height, float[][] channels) {
		List<FloatArray> planes = List.of(new FloatArray(channels[0]), new FloatArray(channels[1]), new FloatArray(channels[2]));
		PlanarImg<FloatType, FloatArray> img = new PlanarImg<>(planes, new long[] { width, height, 3 }, new Fraction());
		img.setLinkedType(new FloatType(img));
		return img;
	}

	/**
	 * An X-Y-C image with three channels already in [0, 1], as a guide: the same object for a
	 * guide, the same arrays for a planar image whose three planes are float arrays (a stack
	 * plane wrapped from ImageJ, for example), otherwise a copy (any view, e.g. a
	 * {@link Views#hyperSlice} of a larger image).
	 *
	 * @throws IllegalArgumentException naming the problem when the image is not X, Y, C with
	 *                                  three channels, or a value is not in [0, 1]
	 */
	public static GuideImage of(RandomAccessibleInterval<FloatType> xyc) {
		if (xyc instanceof GuideImage) return (GuideImage) xyc;
		if (xyc.numDimensions() != 3 || xyc.dimension(2) != 3)
			throw new IllegalArgumentException("A guide image needs the three axes X, Y, C with three channels; got "
				+ java.util.Arrays.toString(xyc.dimensionsAsLongArray()) + ".");
		if (xyc.dimension(0) * xyc.dimension(1) > Integer.MAX_VALUE)
			throw new IllegalArgumentException("The image has more pixels (" + xyc.dimension(0) + " x " + xyc.dimension(1) + ") than one array holds.");
		int w = (int) xyc.dimension(0), h = (int) xyc.dimension(1);
		float[][] ch = sharedPlanes(xyc);
		if (ch == null) {
			ch = new float[3][];
			for (int c = 0; c < 3; c++) {
				ch[c] = new float[w * h];
				Cursor<FloatType> cur = Views.flatIterable(Views.hyperSlice(xyc, 2, xyc.min(2) + c)).cursor();
				for (int i = 0; i < ch[c].length; i++) ch[c][i] = cur.next().get();
			}
		}
		for (float[] c : ch)
			for (float v : c)
				if (!(v >= 0f && v <= 1f))
					throw new IllegalArgumentException("A guide image's values must lie in [0, 1], found " + v
						+ "; scale the image first (GuideImage.fromRgb divides by a maximum value).");
		return ofChannels(w, h, ch[0], ch[1], ch[2]);
	}

	/** The three plane arrays of a zero-based planar float image, or null where it is not one. */
	private static float[][] sharedPlanes(RandomAccessibleInterval<FloatType> xyc) {
		if (!(xyc instanceof PlanarImg) || xyc.min(0) != 0 || xyc.min(1) != 0 || xyc.min(2) != 0) return null;
		PlanarImg<?, ?> planar = (PlanarImg<?, ?>) xyc;
		float[][] out = new float[3][];
		for (int c = 0; c < 3; c++) {
			Object plane = planar.getPlane(c);
			if (!(plane instanceof FloatArray)) return null;
			out[c] = ((FloatArray) plane).getCurrentStorageArray();
			if (out[c].length != xyc.dimension(0) * xyc.dimension(1)) return null;
		}
		return out;
	}

	/** Takes ownership of the three arrays; values must already lie in [0, 1]. */
	public static GuideImage ofChannels(int width, int height, float[] red, float[] green, float[] blue) {
		if (width < 1 || height < 1) throw new IllegalArgumentException("The image is empty (" + width + " x " + height + ").");
		long n = (long) width * height;
		for (float[] c : new float[][] { red, green, blue })
			if (c.length != n) throw new IllegalArgumentException("A channel has " + c.length + " values, the image needs " + n + ".");
		return new GuideImage(width, height, new float[][] { red, green, blue });
	}

	/** Packed 0xRRGGBB pixels, as ImageJ's ColorProcessor holds them. */
	public static GuideImage ofPackedRgb(int width, int height, int[] rgb) {
		int n = width * height;
		float[] r = new float[n], g = new float[n], b = new float[n];
		for (int i = 0; i < n; i++) {
			int p = rgb[i];
			r[i] = ((p >> 16) & 0xff) / 255f;
			g[i] = ((p >> 8) & 0xff) / 255f;
			b[i] = (p & 0xff) / 255f;
		}
		return ofChannels(width, height, r, g, b);
	}

	/**
	 * A grey image mapped to [0, 1] through its own minimum and maximum (NaN counts as 0), then
	 * repeated in all three channels.
	 */
	public static GuideImage fromGrey(RandomAccessibleInterval<? extends RealType<?>> xy) {
		int w = (int) xy.dimension(0), h = (int) xy.dimension(1);
		float[] v = greyValues(xy);
		for (int i = 0; i < v.length; i++) if (Float.isNaN(v[i])) v[i] = 0f;
		return ofChannels(w, h, v, v.clone(), v.clone()).normalisedGrey();
	}

	/**
	 * A grey image mapped to [0, 1] by the {@link BackgroundStretch} (dim objects kept visible
	 * beside bright ones, for microscopy), repeated in all three channels.
	 */
	public static GuideImage fromGreyStretched(RandomAccessibleInterval<? extends RealType<?>> xy) {
		int w = (int) xy.dimension(0), h = (int) xy.dimension(1);
		float[] v = greyValues(xy);
		float[] s = BackgroundStretch.apply(v, w, h);
		return ofChannels(w, h, s, s.clone(), s.clone());
	}

	/** Grey values mapped to [0, 1] through a given range (a display range), clamped; NaN counts as 0. */
	public static GuideImage fromGrey(RandomAccessibleInterval<? extends RealType<?>> xy, double min, double max) {
		int w = (int) xy.dimension(0), h = (int) xy.dimension(1);
		double range = max > min ? max - min : 1;
		float[] v = greyValues(xy);
		for (int i = 0; i < v.length; i++) v[i] = (float) Math.max(0, Math.min(1, ((Float.isNaN(v[i]) ? 0f : v[i]) - min) / range));
		return ofChannels(w, h, v, v.clone(), v.clone());
	}

	/**
	 * A grey plane's values, row major, with its thin non-finite pixels filled
	 * ({@link DeadPixels}); larger non-finite areas stay as they are.
	 */
	public static float[] greyValues(RandomAccessibleInterval<? extends RealType<?>> xy) {
		int w = (int) xy.dimension(0), h = (int) xy.dimension(1);
		float[] v = new float[w * h];
		Cursor<? extends RealType<?>> c = Views.flatIterable(xy).cursor();
		for (int i = 0; i < v.length; i++) v[i] = c.next().getRealFloat();
		DeadPixels.fill(v, w, h);
		return v;
	}

	/** An RGB plane (ImageJ's colour images, as {@link ARGBType}); alpha is ignored. */
	public static GuideImage fromArgb(RandomAccessibleInterval<ARGBType> xy) {
		int w = (int) xy.dimension(0), h = (int) xy.dimension(1);
		int[] packed = new int[w * h];
		Cursor<ARGBType> c = Views.flatIterable(xy).cursor();
		for (int i = 0; i < packed.length; i++) packed[i] = c.next().get();
		return ofPackedRgb(w, h, packed);
	}

	/** Grey values (NaN as 0) mapped to [0, 1] through their min and max. */
	public static GuideImage fromGrey(int width, int height, float[] values) {
		float[] v = values.clone();
		DeadPixels.fill(v, width, height);
		for (int i = 0; i < v.length; i++) if (Float.isNaN(v[i])) v[i] = 0f;
		return ofChannels(width, height, v, v.clone(), v.clone()).normalisedGrey();
	}

	/** An X-Y-channel image with three channels whose values are divided by {@code maxValue}. */
	public static GuideImage fromRgb(RandomAccessibleInterval<? extends RealType<?>> xyc, double maxValue) {
		if (xyc.numDimensions() != 3 || xyc.dimension(2) != 3)
			throw new IllegalArgumentException("An RGB image needs three dimensions X, Y, C with three channels.");
		int w = (int) xyc.dimension(0), h = (int) xyc.dimension(1);
		float[][] ch = new float[3][];
		for (int c = 0; c < 3; c++) {
			ch[c] = new float[w * h];
			Cursor<? extends RealType<?>> cur = Views.flatIterable(Views.hyperSlice(xyc, 2, xyc.min(2) + c)).cursor();
			for (int i = 0; i < ch[c].length; i++) {
				double f = cur.next().getRealDouble() / maxValue;
				ch[c][i] = Double.isNaN(f) ? 0f : (float) Math.max(0, Math.min(1, f));
			}
		}
		return new GuideImage(w, h, ch);
	}

	private GuideImage normalisedGrey() {
		float[] v = channels[0];
		// the range of the finite values: one infinite pixel would otherwise flatten the whole guide
		float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
		for (float f : v) {
			if (!Float.isFinite(f)) continue;
			if (f < min) min = f;
			if (f > max) max = f;
		}
		float range = max > min && Float.isFinite(max - min) ? max - min : 1f;
		for (int i = 0; i < v.length; i++) v[i] = Float.isFinite(v[i]) ? Math.max(0f, Math.min(1f, (v[i] - min) / range)) : 0f;
		System.arraycopy(v, 0, channels[1], 0, v.length);
		System.arraycopy(v, 0, channels[2], 0, v.length);
		return this;
	}

	public int width() { return width; }

	public int height() { return height; }

	public int pixelCount() { return width * height; }

	/** The flat array of channel 0, 1 or 2 (red, green, blue); do not modify. */
	public float[] channel(int c) { return channels[c]; }

	/** One channel as an ImgLib2 image over the same memory. */
	public ArrayImg<FloatType, FloatArray> channelImg(int c) {
		return ArrayImgs.floats(channels[c], width, height);
	}

	@Override
	public int numDimensions() { return 3; }

	@Override
	public long min(int d) { return 0; }

	@Override
	public long max(int d) { return img.max(d); }

	@Override
	public long dimension(int d) { return img.dimension(d); }

	@Override
	public RandomAccess<FloatType> randomAccess() { return img.randomAccess(); }

	@Override
	public RandomAccess<FloatType> randomAccess(Interval interval) { return img.randomAccess(interval); }

	@Override
	public Cursor<FloatType> cursor() { return img.cursor(); }

	@Override
	public Cursor<FloatType> localizingCursor() { return img.localizingCursor(); }

	@Override
	public long size() { return img.size(); }

	@Override
	public Object iterationOrder() { return img.iterationOrder(); }

	@Override
	public FloatType getType() { return img.getType(); }

	/** Area-averaged resize of all channels, as backbones need (for example to 8r x 8r). */
	public GuideImage resized(int newWidth, int newHeight) {
		float[][] out = new float[3][];
		for (int c = 0; c < 3; c++) out[c] = AreaResize.resize(channels[c], width, height, newWidth, newHeight);
		return new GuideImage(newWidth, newHeight, out);
	}
}
