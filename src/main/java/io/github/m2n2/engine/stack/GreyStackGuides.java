package io.github.m2n2.engine.stack;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import io.github.m2n2.engine.GuideImage;

/**
 * The planes of a grey X-Y-plane image, each a {@code Views.hyperSlice} of it, mapped to [0, 1]
 * through the minimum and maximum of the whole stack (NaN counts as 0). One range for all
 * planes keeps an object equally bright on every plane; planes past the end of the objects,
 * mostly background, are not stretched into noise as a per-plane range would.
 */
public final class GreyStackGuides implements PlaneGuides {

	private final RandomAccessibleInterval<? extends RealType<?>> xyp;
	private final float min;
	private final float range;

	public GreyStackGuides(RandomAccessibleInterval<? extends RealType<?>> xyp) {
		if (xyp.numDimensions() != 3) throw new IllegalArgumentException("A plane stack needs three dimensions X, Y, plane; got " + xyp.numDimensions() + ".");
		this.xyp = xyp;
		float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
		for (RealType<?> t : Views.iterable(xyp)) {
			float f = t.getRealFloat();
			if (!Float.isFinite(f)) continue;
			if (f < lo) lo = f;
			if (f > hi) hi = f;
		}
		if (!(hi > lo)) {
			lo = 0;
			hi = 1;
		}
		this.min = lo;
		this.range = hi - lo;
	}

	@Override
	public int width() { return (int) xyp.dimension(0); }

	@Override
	public int height() { return (int) xyp.dimension(1); }

	@Override
	public int planes() { return (int) xyp.dimension(2); }

	@Override
	public GuideImage guide(int plane) {
		RandomAccessibleInterval<? extends RealType<?>> xy = Views.hyperSlice(xyp, 2, xyp.min(2) + plane);
		int w = width(), h = height();
		float[] v = new float[w * h];
		Cursor<? extends RealType<?>> c = Views.flatIterable(xy).cursor();
		for (int i = 0; i < v.length; i++) {
			float f = c.next().getRealFloat();
			v[i] = Float.isFinite(f) ? Math.max(0f, Math.min(1f, (f - min) / range)) : 0f;
		}
		return GuideImage.ofChannels(w, h, v, v.clone(), v.clone());
	}
}
