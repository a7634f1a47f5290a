package io.github.m2n2.engine.stack;

import java.util.function.UnaryOperator;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import io.github.m2n2.engine.BackgroundStretch;
import io.github.m2n2.engine.GuideImage;

/**
 * The planes of a grey X-Y-plane image, each a {@code Views.hyperSlice} of it, mapped to [0, 1]
 * by one mapping for the whole stack. One mapping for all planes keeps an object equally bright
 * on every plane it is carried through; planes past the end of the objects, mostly background,
 * are not stretched into noise as a per-plane mapping would.
 */
public final class GreyStackGuides implements PlaneGuides {

	/**
	 * Values the stretch is fitted to at most: planes spread evenly through the stack beyond it
	 * (16 Mi floats, 64 MiB, plus the fit's sorted copies), so a long time-lapse is not copied whole.
	 */
	static final long FIT_SAMPLE = 1L << 24;

	private final RandomAccessibleInterval<? extends RealType<?>> xyp;
	private final UnaryOperator<float[]> mapping;

	private GreyStackGuides(RandomAccessibleInterval<? extends RealType<?>> xyp, UnaryOperator<float[]> mapping) {
		this.xyp = xyp;
		this.mapping = mapping;
	}

	/** The minimum and maximum of the whole stack to 0 and 1 (NaN counts as 0). */
	public static GreyStackGuides minMax(RandomAccessibleInterval<? extends RealType<?>> xyp) {
		check(xyp);
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
		return range(xyp, lo, hi);
	}

	/** {@code lo} and {@code hi} (a display range) to 0 and 1, clamped; NaN counts as 0. */
	public static GreyStackGuides range(RandomAccessibleInterval<? extends RealType<?>> xyp, double lo, double hi) {
		check(xyp);
		float min = (float) lo, range = hi > lo ? (float) (hi - lo) : 1f;
		return new GreyStackGuides(xyp, v -> {
			for (int i = 0; i < v.length; i++) v[i] = Float.isFinite(v[i]) ? Math.max(0f, Math.min(1f, (v[i] - min) / range)) : 0f;
			return v;
		});
	}

	/**
	 * The background stretch ({@link BackgroundStretch}) fitted to the whole stack, or to planes
	 * spread evenly through it when it holds more than {@link #FIT_SAMPLE} values.
	 */
	public static GreyStackGuides stretched(RandomAccessibleInterval<? extends RealType<?>> xyp) {
		check(xyp);
		int w = (int) xyp.dimension(0), h = (int) xyp.dimension(1), planes = (int) xyp.dimension(2);
		int sampled = (int) Math.max(1, Math.min(planes, FIT_SAMPLE / ((long) w * h)));
		float[] sample = new float[sampled * w * h];
		for (int s = 0; s < sampled; s++) {
			int p = sampled == 1 ? planes / 2 : (int) ((long) s * (planes - 1) / (sampled - 1));
			System.arraycopy(values(xyp, p), 0, sample, s * w * h, w * h);
		}
		BackgroundStretch.Fit fit = BackgroundStretch.fit(sample, w, h, sampled == planes);
		return new GreyStackGuides(xyp, v -> fit.apply(v, w, h));
	}

	private static void check(RandomAccessibleInterval<?> xyp) {
		if (xyp.numDimensions() != 3) throw new IllegalArgumentException("A plane stack needs three dimensions X, Y, plane; got " + xyp.numDimensions() + ".");
	}

	@Override
	public int width() { return (int) xyp.dimension(0); }

	@Override
	public int height() { return (int) xyp.dimension(1); }

	@Override
	public int planes() { return (int) xyp.dimension(2); }

	@Override
	public GuideImage guide(int plane) {
		float[] v = mapping.apply(values(xyp, plane));
		return GuideImage.ofChannels(width(), height(), v, v.clone(), v.clone());
	}

	private static float[] values(RandomAccessibleInterval<? extends RealType<?>> xyp, int plane) {
		return GuideImage.greyValues(Views.hyperSlice(xyp, 2, xyp.min(2) + plane));
	}
}
