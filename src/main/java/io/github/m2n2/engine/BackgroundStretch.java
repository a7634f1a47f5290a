package io.github.m2n2.engine;

import java.util.function.DoublePredicate;

/**
 * Grey values to [0, 1] for microscopy: {@code asinh((v - background) / knee)}, the background
 * being the median and the knee a few times below the typical object's level (but at least the
 * noise). The noise is the larger of two robust estimates (each times 1.4826, the normal
 * distribution's factor): the median absolute deviation, and the median absolute difference of
 * horizontal neighbours over {@code sqrt 2}. The second one matters for quantised frames whose
 * background is mostly one value (an 8-bit frame with a zero background has a deviation of 0
 * there and would have its last grey level of noise stretched to full contrast).
 *
 * <p>Below the knee the mapping is linear, above it logarithmic, so a dim nucleus and a mitotic
 * cell a hundred times brighter end up a factor of a few apart instead of a hundred, and both
 * stand out from the background by many times the upsampler's range sigma. A min-max mapping of
 * a 16-bit frame with a few saturated cells squeezes every ordinary nucleus into the bottom
 * percent of the range, where the guided upsampling cannot see its boundary. The knee sits up to
 * {@link #KNEE_BELOW_OBJECTS} times below the typical object's level ({@link #typicalObject},
 * counted per object) and not at the noise: with a knee at the noise, the faint outer ramp of a
 * nucleus (a few noise levels up) came out at half the nucleus's brightness, and nuclei came out
 * 1 to 3 px too large. How far below depends on the objects ({@link #kneeBelowObjects}): textured
 * nuclei (chromatin) are compressed so that their texture is small beside their step over the
 * background, while uniform objects, whose soft edges any compression moves outwards, keep a
 * nearly linear guide (the knee above their level) as long as no much brighter object squeezes
 * them into the bottom of the range.
 *
 * <p>Where the objects stand only a few noise levels above the background (an 8-bit GOWT1 frame:
 * nuclei about 8 noise levels up, against 30 to 40 on a 16-bit HeLa frame), the per-pixel noise
 * and a nucleus's dark nucleoli are as strong as its boundary in the guide; a click on a
 * nucleolus then segments the nucleolus. The stretched values are therefore blurred with a
 * Gaussian whose sigma brings the noise to about {@link #TARGET_SNR} times below the objects'
 * level ({@link #smoothingSigma}); frames whose objects are far above the noise stay sharp, so
 * the thin seams between touching nuclei are kept.
 *
 * <p>The mapping is {@linkplain #fit fitted} to some values and then {@linkplain Fit#apply
 * applied}, so that all planes of a stack can share the one mapping fitted to the stack: an
 * object then has the same guide brightness and smoothing on every plane it is carried through.
 */
public final class BackgroundStretch {

	private BackgroundStretch() { }

	/**
	 * Fits the mapping to {@code values} and applies it to them.
	 *
	 * @param values grey values, row major; NaN counts as the background
	 * @return the stretched values in [0, 1]; a flat image gives all 0
	 */
	public static float[] apply(float[] values, int width, int height) {
		return fit(values, width, height).apply(values, width, height);
	}

	/**
	 * The mapping for these values: their background, noise and the stretched range.
	 *
	 * @param values grey values, row major (rows of {@code width}; several planes may follow one
	 *            another, the neighbour noise only pairs values within a row)
	 */
	public static Fit fit(float[] values, int width, int height) {
		int n = values.length;
		int finite = 0;
		float[] work = new float[n];
		float lowest = Float.POSITIVE_INFINITY, highest = Float.NEGATIVE_INFINITY;
		for (int i = 0; i < n; i++) {
			float x = values[i];
			if (!Float.isFinite(x)) continue;
			work[finite++] = x;
			lowest = Math.min(lowest, x);
			highest = Math.max(highest, x);
		}
		if (finite == 0) return Fit.FLAT;
		float median = OrderStatistic.kth(work, 0, finite, finite / 2), range = highest - lowest;
		if (!(range > 0)) return Fit.FLAT;
		for (int i = 0; i < finite; i++) work[i] = Math.abs(work[i] - median);
		float deviation = OrderStatistic.kth(work, 0, finite, finite / 2);
		float[] v = new float[n];
		for (int i = 0; i < n; i++) v[i] = Float.isFinite(values[i]) ? values[i] : median;
		// the floor keeps a noiseless (synthetic, quantised) image from being stretched into steps
		double noise = Math.max(1.4826 * Math.max(deviation, neighbourNoise(v, width, height)), 1e-3 * range);
		TypicalObject typical = typicalObject(v, width, median, noise);
		// linear in the values up to the knee, so that a nucleus's faint outer ramp stays faint
		double knee = noise * (typical == null ? 1
			: Math.max(1, typical.level / kneeBelowObjects(typical.texture, (highest - median) / noise / typical.level)));
		// asinh is monotone, so the stretched range comes from the extreme values
		float min = asinh((lowest - median) / knee), max = asinh((highest - median) / knee);
		if (!(max > min)) return Fit.FLAT;
		return new Fit(median, knee, min, max, smoothingSigma(v, median, noise));
	}

	/**
	 * The knee of the mapping (where it turns from linear to logarithmic) lies at most this many
	 * times below the typical object's level (or at the noise when that is higher). See the class
	 * comment.
	 */
	static final double KNEE_BELOW_OBJECTS = 3;
	/**
	 * ... and at least this many times (0.5: the knee at twice the level), so that objects without
	 * texture get a nearly linear guide while much brighter ones are still compressed.
	 */
	static final double KNEE_BELOW_SMOOTH_OBJECTS = 0.5;
	/**
	 * The compression aims to bring the objects' texture (its spread over the object's level) to
	 * this fraction of the object's step in the guide.
	 */
	static final double TEXTURE_IN_GUIDE = 0.1;

	/**
	 * The typical object's step above the background is kept at least this share of the
	 * brightest value's, so that dim objects beside very bright ones still stand out in the
	 * guide (whatever their texture).
	 */
	static final double MIN_SHARE_OF_BRIGHTEST = 0.3;

	/**
	 * How many times below the typical object's level the knee lies: the least compression, between
	 * {@link #KNEE_BELOW_SMOOTH_OBJECTS} and {@link #KNEE_BELOW_OBJECTS}, that both brings the
	 * objects' texture to {@link #TEXTURE_IN_GUIDE} of their step and keeps their step at least
	 * {@link #MIN_SHARE_OF_BRIGHTEST} of the brightest value's. With the level {@code x} knees up,
	 * {@code asinh} maps a relative texture {@code t} to about {@code t x / (sqrt(1 + x^2) asinh x)}
	 * of the object's step, which falls from {@code t} (linear) towards 0 as {@code x} grows; so
	 * textured nuclei are flattened, while uniform objects, whose soft edges any compression moves
	 * outwards, keep a nearly linear guide unless much brighter objects share the image.
	 *
	 * @param texture the typical object's texture ({@link TypicalObject#texture})
	 * @param brightest the brightest value above the background, in typical object levels
	 */
	static double kneeBelowObjects(double texture, double brightest) {
		DoublePredicate enough = x -> texture * inGuide(x) <= TEXTURE_IN_GUIDE
			&& !(asinh(x) < MIN_SHARE_OF_BRIGHTEST * asinh(x * brightest));
		double lo = KNEE_BELOW_SMOOTH_OBJECTS, hi = KNEE_BELOW_OBJECTS;
		if (enough.test(lo)) return lo;
		if (!enough.test(hi)) return hi;
		// both conditions only get easier as x grows: bisect for the least x that meets them
		for (int i = 0; i < 40; i++) {
			double mid = 0.5 * (lo + hi);
			if (enough.test(mid)) hi = mid; else lo = mid;
		}
		return hi;
	}

	/** The fraction of a small relative change at level {@code x} knees that {@code asinh} keeps relative to {@code asinh x}. */
	private static double inGuide(double x) {
		return x / (Math.sqrt(1 + x * x) * asinh(x));
	}

	/** Objects smaller than this many pixels are noise specks, not objects. */
	static final int MIN_OBJECT_PIXELS = 10;

	/** The typical object's level and texture. */
	static final class TypicalObject {
		/** The object's median above the background, in noise units. */
		final double level;
		/** The spread of its values above the median, less the noise, over its level. */
		final double texture;

		TypicalObject(double level, double texture) {
			this.level = level;
			this.texture = texture;
		}
	}

	/**
	 * The typical object, null when there is none. Its level is the median, over the connected
	 * groups of pixels more than {@link #DETECTION} noise levels up (4-connected, at least
	 * {@link #MIN_OBJECT_PIXELS}), of each group's median level. Counted per object rather than
	 * per pixel, so that a few large bright cells do not set the level of the many dim ones. Its
	 * texture is the median of each group's texture: the spread of the group's values above its
	 * median (upper quartile minus median, as a normal spread), the noise taken out, over the
	 * group's level. Only the upper half is used because the lower half holds the object's edge
	 * ramp, which is blur, not texture.
	 */
	static TypicalObject typicalObject(float[] values, int width, float background, double noise) {
		int n = values.length;
		double from = background + DETECTION * noise;
		// pending: above the detection level and not yet reached by a search
		boolean[] pending = new boolean[n];
		for (int i = 0; i < n; i++) pending[i] = values[i] > from;
		int[] queue = new int[n];
		float[] member = new float[Math.min(n, MEDIAN_SAMPLE)];
		float[] medians = new float[n / MIN_OBJECT_PIXELS + 1];
		float[] textures = new float[medians.length];
		int objects = 0;
		for (int start = 0; start < n; start++) {
			if (!pending[start]) continue;
			int head = 0, tail = 0;
			queue[tail++] = start;
			pending[start] = false;
			while (head < tail) {
				int i = queue[head++], x = i % width;
				if (x > 0 && pending[i - 1]) tail = take(i - 1, pending, queue, tail);
				if (x + 1 < width && pending[i + 1]) tail = take(i + 1, pending, queue, tail);
				if (i >= width && pending[i - width]) tail = take(i - width, pending, queue, tail);
				if (i + width < n && pending[i + width]) tail = take(i + width, pending, queue, tail);
			}
			if (tail < MIN_OBJECT_PIXELS) continue;
			// the median of the group's values, from evenly spaced members beyond MEDIAN_SAMPLE
			int count = Math.min(tail, member.length);
			for (int m = 0; m < count; m++) member[m] = values[queue[(int) ((long) m * tail / count)]];
			double median = (OrderStatistic.kth(member, 0, count, count / 2) - background) / noise;
			// kth leaves the upper half above count / 2
			double upper = (OrderStatistic.kth(member, count / 2, count, count / 2 + (count - count / 2) / 2) - background) / noise;
			double spread = (upper - median) / NORMAL_QUARTILE;
			medians[objects] = (float) median;
			textures[objects++] = (float) (Math.sqrt(Math.max(0, spread * spread - 1)) / median);
		}
		if (objects == 0) return null;
		return new TypicalObject(OrderStatistic.kth(medians, 0, objects, (objects - 1) / 2),
			OrderStatistic.kth(textures, 0, objects, (objects - 1) / 2));
	}

	/** The upper quartile of a normal distribution, in standard deviations above its median. */
	private static final double NORMAL_QUARTILE = 0.6745;

	/** Members of one object beyond which its median is taken from a sample. */
	static final int MEDIAN_SAMPLE = 1 << 16;

	private static int take(int j, boolean[] pending, int[] queue, int tail) {
		pending[j] = false;
		queue[tail] = j;
		return tail + 1;
	}

	/** Object level over noise that the smoothing aims at. */
	static final double TARGET_SNR = 50;
	/** Noise levels above the background from which a pixel counts as part of an object. */
	static final double DETECTION = 3;
	/** Fewer pixels than this fraction above {@link #DETECTION}: nothing but noise stands out. */
	static final double MIN_OBJECT_FRACTION = 0.01;
	/** Below this sigma (pixels) nothing is smoothed: a blur of one pixel already fills the seams between touching small nuclei. */
	static final double MIN_SIGMA = 1;
	/** At most this sigma (pixels), so that small objects are not blurred into each other. */
	static final double MAX_SIGMA = 3;

	/**
	 * The Gaussian sigma (pixels) that brings the noise to about {@link #TARGET_SNR} times below
	 * the objects' level, or 0 when it already is (or nothing stands out). The objects' level is
	 * the median of {@code (v - background) / noise} over the pixels more than
	 * {@link #DETECTION} noise levels above the background. A Gaussian of sigma {@code s}
	 * divides white noise by about {@code 2 s sqrt(pi)}.
	 */
	static double smoothingSigma(float[] values, float background, double noise) {
		int n = values.length, count = 0;
		float[] level = new float[n];
		for (int i = 0; i < n; i++) {
			double x = (values[i] - background) / noise;
			if (x > DETECTION) level[count++] = (float) x;
		}
		if (count < MIN_OBJECT_FRACTION * n) return 0;
		double snr = OrderStatistic.kth(level, 0, count, count / 2);
		double sigma = TARGET_SNR / (2 * Math.sqrt(Math.PI) * snr);
		return sigma < MIN_SIGMA ? 0 : Math.min(sigma, MAX_SIGMA);
	}

	/** A fitted mapping; values outside the fitted range are clamped to [0, 1]. */
	public static final class Fit {

		static final Fit FLAT = new Fit(0, 1, 0, 0, 0);

		private final float background;
		/** Where the mapping turns from linear to logarithmic, in grey values above the background. */
		private final double knee;
		private final float min;
		private final float max;
		private final double sigma;

		Fit(float background, double knee, float min, float max, double sigma) {
			this.background = background;
			this.knee = knee;
			this.min = min;
			this.max = max;
			this.sigma = sigma;
		}

		/** The Gaussian sigma (pixels) applied after the stretch; 0 for none. */
		public double sigma() { return sigma; }

		/**
		 * The stretched values in [0, 1] (NaN counts as the background), blurred with
		 * {@link #sigma()}; all 0 for a flat fit.
		 *
		 * @param values one plane, {@code width x height}, row major
		 */
		public float[] apply(float[] values, int width, int height) {
			float[] out = stretch(values);
			return sigma > 0 ? gauss(out, width, height, sigma) : out;
		}

		private float[] stretch(float[] values) {
			int n = values.length;
			float[] out = new float[n];
			if (!(max > min)) return out;
			float scale = 1f / (max - min);
			for (int i = 0; i < n; i++) {
				float x = Float.isFinite(values[i]) ? values[i] : background;
				float s = (asinh((x - background) / knee) - min) * scale;
				out[i] = Math.max(0f, Math.min(1f, s));
			}
			return out;
		}
	}

	/** Separable Gaussian blur, clamped at the border. */
	static float[] gauss(float[] v, int w, int h, double sigma) {
		int r = (int) Math.ceil(3 * sigma);
		float[] k = new float[2 * r + 1];
		double sum = 0;
		for (int i = -r; i <= r; i++) sum += k[i + r] = (float) Math.exp(-0.5 * i * i / (sigma * sigma));
		for (int i = 0; i < k.length; i++) k[i] /= sum;
		float[] t = new float[v.length], o = new float[v.length];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				double a = 0;
				for (int i = -r; i <= r; i++) a += k[i + r] * v[y * w + Math.max(0, Math.min(w - 1, x + i))];
				t[y * w + x] = (float) a;
			}
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				double a = 0;
				for (int i = -r; i <= r; i++) a += k[i + r] * t[Math.max(0, Math.min(h - 1, y + i)) * w + x];
				o[y * w + x] = (float) a;
			}
		return o;
	}

	private static float asinh(double x) {
		return (float) (Math.signum(x) * Math.log(Math.abs(x) + Math.sqrt(x * x + 1)));
	}

	/** Median absolute difference of horizontal neighbours over sqrt 2: the noise of one value, structure aside. */
	static double neighbourNoise(float[] v, int w, int h) {
		if (w < 2) return 0;
		float[] d = new float[(w - 1) * h];
		int k = 0;
		for (int y = 0; y < h; y++)
			for (int x = 0; x + 1 < w; x++) d[k++] = Math.abs(v[y * w + x + 1] - v[y * w + x]);
		return OrderStatistic.kth(d, 0, k, k / 2) / Math.sqrt(2);
	}
}
