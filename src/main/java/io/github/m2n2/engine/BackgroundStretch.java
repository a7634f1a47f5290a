package io.github.m2n2.engine;

import java.util.function.DoublePredicate;

/**
 * Grey values to [0, 1] for microscopy: {@code asinh((v - background) / knee)}, the background
 * being the median and the knee between ten times above and three times below the typical
 * object's level (but at least the noise). The noise is the larger of two robust estimates
 * (each times 1.4826, the normal distribution's factor): the median absolute deviation, and the
 * median absolute difference of horizontal neighbours over {@code sqrt 2}. The second one matters
 * for quantised frames whose background is mostly one value (an 8-bit frame with a zero
 * background has a deviation of 0 there and would have its last grey level of noise stretched
 * to full contrast).
 *
 * <p>Below the knee the mapping is linear, above it logarithmic, so a dim nucleus and a mitotic
 * cell a hundred times brighter end up a factor of a few apart instead of a hundred, and both
 * stand out from the background by many times the upsampler's range sigma. A min-max mapping of
 * a 16-bit frame with a few saturated cells squeezes every ordinary nucleus into the bottom
 * percent of the range, where the guided upsampling cannot see its boundary. How far the knee
 * lies below the typical object's level ({@link #objects}, counted per object) follows the
 * image's range ({@link #kneeBelowObjects}): the guide compresses only as much as it takes for
 * the typical object to reach half of the brightest object's step, since any compression also
 * moves a soft edge's steepest part outwards and brings a dim object closer to a bright
 * neighbour. Where the objects are of similar brightness the guide stays nearly linear; where a
 * few cells are ten times brighter than the rest (HeLa) the knee lies
 * {@link #KNEE_BELOW_OBJECTS} times below the level, and not at the noise: with a knee at the
 * noise, the faint outer ramp of a nucleus (a few noise levels up) came out at half the
 * nucleus's brightness, and nuclei came out 1 to 3 px too large.
 *
 * <p>The guide's range ends at the brightest object (a group of at least
 * {@link #MIN_OBJECT_PIXELS} pixels), not at the brightest pixel: a hot pixel above every object
 * is clamped to 1 instead of squeezing the whole image.
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
	 * The mapping for these values (one plane): their background, noise and the stretched range.
	 *
	 * @param values grey values, row major
	 */
	public static Fit fit(float[] values, int width, int height) {
		return fit(values, width, height, false);
	}

	/**
	 * The mapping for the planes of a stack, one after the other in {@code values}, each
	 * {@code width x height}.
	 *
	 * @param neighbours whether consecutive planes are neighbours in the stack (all its planes,
	 *            in order), so that an object met on several planes counts as one object when the
	 *            typical object's level is measured; otherwise (planes sampled far apart) each
	 *            plane's objects count on their own
	 */
	public static Fit fit(float[] values, int width, int height, boolean neighbours) {
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
		float median = OrderStatistic.kth(work, 0, finite, finite / 2);
		if (!(highest > lowest)) return Fit.FLAT;
		// the values' spread without their extremes (a thousandth at each end), which a hot or
		// dead pixel may set; kth left the values above the median after it
		float spread = OrderStatistic.kth(work, finite / 2, finite, finite - 1 - finite / 1000)
			- OrderStatistic.kth(work, 0, finite / 2 + 1, finite / 1000);
		for (int i = 0; i < finite; i++) work[i] = Math.abs(work[i] - median);
		float deviation = OrderStatistic.kth(work, 0, finite, finite / 2);
		float[] v = new float[n];
		for (int i = 0; i < n; i++) v[i] = Float.isFinite(values[i]) ? values[i] : median;
		// the floor keeps a noiseless (synthetic, quantised) image from being stretched into steps
		double noise = Math.max(1.4826 * Math.max(deviation, neighbourNoise(v, width, n / width)),
			1e-3 * (spread > 0 ? spread : highest - lowest));
		Objects objects = objects(v, width, height, neighbours, median, noise);
		lowest = aboveThePadding(v, lowest, median, noise);
		// nothing stands out: the knee at the noise, the range up to the brightest value; else
		// linear in the values up to the knee, so that a nucleus's faint outer ramp stays faint,
		// and the range up to the brightest object: a hot pixel above it is clamped to 1 instead
		// of squeezing everything else
		double knee = objects == null ? noise
			: noise * Math.max(1, objects.level / kneeBelowObjects(objects.brightest / objects.level));
		float min = asinh((lowest - median) / knee);
		float max = objects == null ? asinh((highest - median) / knee) : asinh(objects.brightest * noise / knee);
		if (!(max > min)) return Fit.FLAT;
		return new Fit(median, knee, min, max, smoothingSigma(v, median, noise));
	}

	/**
	 * The lowest value the guide's range must hold: {@code lowest}, unless it is padding, i.e. at
	 * least {@link #MIN_OBJECT_PIXELS} pixels share it exactly and it lies more than
	 * {@link #DETECTION} noise levels below the background (the zeros that stitching, drift
	 * correction or rotation leave around a 16-bit frame whose background is 33000). Then the
	 * lowest value above it: padding far below the background would otherwise push the background
	 * up the guide and squeeze every object's step (on {@code hela-t13} with a 32 px border of
	 * zeros, workflow 0.845 to 0.676); it is clamped to 0 instead, just under the background.
	 */
	static float aboveThePadding(float[] values, float lowest, float background, double noise) {
		if (!(background - lowest > DETECTION * noise)) return lowest;
		int count = 0;
		float above = Float.POSITIVE_INFINITY;
		for (float x : values) {
			if (x == lowest) count++;
			else if (x < above) above = x;
		}
		return count >= MIN_OBJECT_PIXELS && above < background ? above : lowest;
	}

	/**
	 * The knee of the mapping (where it turns from linear to logarithmic) lies at most this many
	 * times below the typical object's level (or at the noise when that is higher). See the class
	 * comment.
	 */
	static final double KNEE_BELOW_OBJECTS = 3;
	/**
	 * ... and at least this many times (0.1: the knee ten times above the level), where nothing
	 * needs compressing: {@code asinh} is then within a few percent of linear up to a few times
	 * the typical object's level.
	 */
	static final double LEAST_COMPRESSION = 0.1;
	/**
	 * The typical object's step above the background is brought to at least this share of the
	 * brightest object's step in the guide: half, so that a typical object stands out as clearly
	 * as the brightest one, beside which it would otherwise be faint.
	 */
	static final double TYPICAL_SHARE_OF_BRIGHTEST = 0.5;

	/**
	 * How many times below the typical object's level the knee lies: the least compression,
	 * between {@link #LEAST_COMPRESSION} and {@link #KNEE_BELOW_OBJECTS}, that keeps the typical
	 * object's step at least {@link #TYPICAL_SHARE_OF_BRIGHTEST} of the brightest object's. With the
	 * knee {@code 1 / x} of the level, the typical object comes out at {@code asinh x} and the
	 * brightest at {@code asinh(x brightest)}; their ratio grows with {@code x} from
	 * {@code 1 / brightest} (linear) towards 1.
	 *
	 * <p>Round 6 compressed by the objects' texture instead (so that chromatin is flattened);
	 * it compressed the synthetic volumes fully, whose shading counts as texture, and cost them a
	 * third more clicks than a linear guide, while the real frames with their brightest cells
	 * clipped to 2.5 times the typical level (textured, but of similar brightness) did as well
	 * nearly linear (docs/microscopy.md, round 9).
	 *
	 * @param brightest the brightest object's value above the background, in typical object levels
	 */
	static double kneeBelowObjects(double brightest) {
		DoublePredicate enough = x -> !(asinh(x) < TYPICAL_SHARE_OF_BRIGHTEST * asinh(x * brightest));
		double lo = LEAST_COMPRESSION, hi = KNEE_BELOW_OBJECTS;
		if (enough.test(lo)) return lo;
		if (!enough.test(hi)) return hi;
		// the share only grows with x: bisect for the least x that meets it
		for (int i = 0; i < 40; i++) {
			double mid = 0.5 * (lo + hi);
			if (enough.test(mid)) hi = mid; else lo = mid;
		}
		return hi;
	}

	/** Objects smaller than this many pixels are noise specks, not objects. */
	static final int MIN_OBJECT_PIXELS = 10;

	/** What stands out of the background: the typical object's level and the brightest object's value. */
	static final class Objects {
		/** The typical object's median above the background, in noise units. */
		final double level;
		/** The brightest value of any object above the background, in noise units. */
		final double brightest;

		Objects(double level, double brightest) {
			this.level = level;
			this.brightest = brightest;
		}
	}

	/**
	 * The objects, null when there are none: the connected groups of pixels more than
	 * {@link #DETECTION} noise levels up (4-connected within a plane, also through the planes
	 * when {@code planesAreNeighbours}; at least {@link #MIN_OBJECT_PIXELS} pixels, so that a hot
	 * pixel or a speck of noise is not an object). The typical level is the lower median of each
	 * group's median level: counted per object rather than per pixel, so that a few large bright
	 * cells do not set the level of the many dim ones; and through the planes, so that a
	 * nucleus's dim end sections (the optics' blur in z) do not count as dim objects of their own.
	 *
	 * @param values one or more planes of {@code width x height}, one after the other
	 */
	static Objects objects(float[] values, int width, int height, boolean planesAreNeighbours, float background, double noise) {
		int n = values.length, plane = width * height;
		double from = background + DETECTION * noise;
		// pending: above the detection level and not yet reached by a search
		boolean[] pending = new boolean[n];
		for (int i = 0; i < n; i++) pending[i] = values[i] > from;
		int[] queue = new int[n];
		float[] member = new float[Math.min(n, MEDIAN_SAMPLE)];
		float[] medians = new float[n / MIN_OBJECT_PIXELS + 1];
		float brightest = Float.NEGATIVE_INFINITY;
		int objects = 0;
		for (int start = 0; start < n; start++) {
			if (!pending[start]) continue;
			int head = 0, tail = 0;
			queue[tail++] = start;
			pending[start] = false;
			while (head < tail) {
				int i = queue[head++], x = i % width, y = i / width % height;
				if (x > 0 && pending[i - 1]) tail = take(i - 1, pending, queue, tail);
				if (x + 1 < width && pending[i + 1]) tail = take(i + 1, pending, queue, tail);
				if (y > 0 && pending[i - width]) tail = take(i - width, pending, queue, tail);
				if (y + 1 < height && pending[i + width]) tail = take(i + width, pending, queue, tail);
				if (planesAreNeighbours && i >= plane && pending[i - plane]) tail = take(i - plane, pending, queue, tail);
				if (planesAreNeighbours && i + plane < n && pending[i + plane]) tail = take(i + plane, pending, queue, tail);
			}
			if (tail < MIN_OBJECT_PIXELS) continue;
			for (int m = 0; m < tail; m++) brightest = Math.max(brightest, values[queue[m]]);
			// the median of the group's values, from evenly spaced members beyond MEDIAN_SAMPLE
			int count = Math.min(tail, member.length);
			for (int m = 0; m < count; m++) member[m] = values[queue[(int) ((long) m * tail / count)]];
			medians[objects++] = (float) ((OrderStatistic.kth(member, 0, count, count / 2) - background) / noise);
		}
		if (objects == 0) return null;
		return new Objects(OrderStatistic.kth(medians, 0, objects, (objects - 1) / 2), (brightest - background) / noise);
	}

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
