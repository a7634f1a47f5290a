package io.github.m2n2.backbone;

import java.util.stream.IntStream;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;

import io.github.m2n2.engine.Attention;
import io.github.m2n2.engine.GuideImage;
import io.github.m2n2.engine.ProgressListener;

/**
 * Attention without learned weights. Each token is described by {@link TokenFeatures} (colour
 * in CIELAB, texture at two scales, surrounding colour, position), every group scaled by its
 * own spread in this image; token {@code i} attends to every token {@code j} of the image with
 * {@code exp(-d(i, j)^2 / 2)}, rows normalised, which is softmax attention with a distance
 * score. Like a transformer's self-attention it is global: similar tokens far apart attend to
 * each other, damped by the position term, so a click reaches all of a similar-looking region
 * in a few random-walk steps (which also keeps Markov-maps short and clicks fast).
 */
public final class EmbeddedBackbone implements Backbone {

	public static final String NAME = "embedded";

	/** The option naming the object size. */
	public static final String OBJECT_SIZE = "object-size";
	/** Its default, label and help (constants, so that Fiji's command can use them in its annotation). */
	public static final String OBJECT_SIZE_DEFAULT = "off";
	public static final String OBJECT_SIZE_LABEL = "Object size (embedded: pixels, auto or off)";
	public static final String OBJECT_SIZE_HELP = "typical object diameter in pixels (like a cell diameter); attention then reaches about "
		+ Config.POSITION_SCALE + " diameters; auto estimates it from the image; off: image-wide reach";

	/** The options naming the hyper-parameters, with their labels and help (constants, for Fiji's annotations too). */
	public static final String POSITION_SIGMA = "position-sigma", COLOUR_WEIGHT = "colour-weight", TEXTURE_WEIGHT = "texture-weight",
		CONTEXT_WEIGHT = "context-weight";
	public static final String POSITION_SIGMA_LABEL = "Position reach (embedded, image lengths)";
	public static final String POSITION_SIGMA_HELP = "distance, in image lengths, at which the position term alone lowers a token's affinity by e^-1/2: "
		+ "smaller keeps attention local (an object size, when given, may make it smaller still)";
	public static final String COLOUR_WEIGHT_LABEL = "Colour weight (embedded)";
	public static final String COLOUR_WEIGHT_HELP = "weight of the colour (CIELAB; grey: brightness) difference in the token affinity, "
		+ "in units of the image's colour spread";
	public static final String TEXTURE_WEIGHT_LABEL = "Texture weight (embedded)";
	public static final String TEXTURE_WEIGHT_HELP = "weight of the texture difference (local contrast at two scales) in the token affinity";
	public static final String CONTEXT_WEIGHT_LABEL = "Context weight (embedded)";
	public static final String CONTEXT_WEIGHT_HELP = "weight of the difference of the surrounding colour (3 x 3 tokens) in the token affinity";

	/** Registers this backbone (see {@link Backbones}). */
	public static final class Provider implements BackboneProvider {
		@Override public String name() { return NAME; }
		@Override public String summary() { return "no download: colour, texture and position affinities"; }

		@Override
		public java.util.List<BackboneOption> options() {
			return java.util.List.of(BackboneOption.text(OBJECT_SIZE, OBJECT_SIZE_DEFAULT, OBJECT_SIZE_LABEL, OBJECT_SIZE_HELP),
				BackboneOption.text(POSITION_SIGMA, String.valueOf(Config.DEFAULT_POSITION_SIGMA), POSITION_SIGMA_LABEL, POSITION_SIGMA_HELP),
				BackboneOption.text(COLOUR_WEIGHT, String.valueOf(Config.DEFAULT_COLOUR_WEIGHT), COLOUR_WEIGHT_LABEL, COLOUR_WEIGHT_HELP),
				BackboneOption.text(TEXTURE_WEIGHT, String.valueOf(Config.DEFAULT_TEXTURE_WEIGHT), TEXTURE_WEIGHT_LABEL, TEXTURE_WEIGHT_HELP),
				BackboneOption.text(CONTEXT_WEIGHT, String.valueOf(Config.DEFAULT_CONTEXT_WEIGHT), CONTEXT_WEIGHT_LABEL, CONTEXT_WEIGHT_HELP));
		}

		@Override
		public Backbone create(BackboneConfig config, ProgressListener progress) throws BackboneException {
			Config c = new Config();
			c.objectSize = objectSize(config.get(OBJECT_SIZE));
			c.positionSigma = number(config, POSITION_SIGMA, Config.DEFAULT_POSITION_SIGMA, false);
			c.colourWeight = number(config, COLOUR_WEIGHT, Config.DEFAULT_COLOUR_WEIGHT, true);
			c.textureWeight = number(config, TEXTURE_WEIGHT, Config.DEFAULT_TEXTURE_WEIGHT, true);
			c.contextWeight = number(config, CONTEXT_WEIGHT, Config.DEFAULT_CONTEXT_WEIGHT, true);
			return new EmbeddedBackbone(c);
		}
	}

	/**
	 * A positive number (or, with {@code zeroAllowed}, one that is not negative) from an option;
	 * its default when not given.
	 */
	static double number(BackboneConfig config, String option, double defaultValue, boolean zeroAllowed) throws BackboneException {
		String v = config.get(option);
		if (v == null || v.isBlank()) return defaultValue;
		try {
			double d = Double.parseDouble(v.trim());
			if (Double.isFinite(d) && (d > 0 || (zeroAllowed && d == 0))) return d;
		} catch (NumberFormatException e) {
			// reported below
		}
		throw new BackboneException(BackboneOption.spelled(option) + " needs " + (zeroAllowed ? "a number of at least 0" : "a positive number") + ", got '" + v + "'.");
	}

	/** Reads {@code off}, {@code auto} or a positive number of pixels. */
	static double objectSize(String value) throws BackboneException {
		String v = value == null ? OBJECT_SIZE_DEFAULT : value.trim().toLowerCase(java.util.Locale.ROOT);
		if (v.equals("off")) return OBJECT_SIZE_OFF;
		if (v.equals("auto")) return OBJECT_SIZE_AUTO;
		try {
			double d = Double.parseDouble(v);
			if (d > 0 && Double.isFinite(d)) return d;
		} catch (NumberFormatException e) {
			// reported below
		}
		throw new BackboneException(BackboneOption.spelled(OBJECT_SIZE) + " needs a diameter in pixels (a positive number), auto or off, got '" + value + "'.");
	}

	/** {@link Config#objectSize}: no object size, the position sigma is {@link Config#positionSigma}. */
	public static final double OBJECT_SIZE_OFF = 0;
	/** {@link Config#objectSize}: estimate the object size from the image ({@link ObjectSize}). */
	public static final double OBJECT_SIZE_AUTO = -1;

	/** The hyper-parameters, with their defaults. All weights multiply squared distances. */
	public static final class Config {
		/** Working-image pixels per token side: the image is area-resized to {@code cell * r} square. */
		public int cell = 8;
		/** Weight of the colour distance (colour in units of this image's colour spread). */
		public double colourWeight = DEFAULT_COLOUR_WEIGHT;
		/** Weight of the texture distance (texture in units of its spread). */
		public double textureWeight = DEFAULT_TEXTURE_WEIGHT;
		/** Weight of the context-colour distance. */
		public double contextWeight = DEFAULT_CONTEXT_WEIGHT;
		/** The defaults of the weights and of {@link #positionSigma}. */
		static final double DEFAULT_COLOUR_WEIGHT = 4.0, DEFAULT_TEXTURE_WEIGHT = 2.0, DEFAULT_CONTEXT_WEIGHT = 2.0, DEFAULT_POSITION_SIGMA = 0.2;
		/** Context window radius in tokens (window side {@code 2k + 1}). */
		public int contextRadius = 1;
		/**
		 * Largest position distance (in image lengths) at which affinity drops by {@code e^-1/2};
		 * the object size may make it smaller.
		 */
		public double positionSigma = DEFAULT_POSITION_SIGMA;
		/**
		 * Typical object diameter in image pixels (a cell diameter): the position sigma becomes
		 * at most {@link #positionScale} diameters. {@link #OBJECT_SIZE_OFF} (the default) leaves
		 * the position sigma alone, {@link #OBJECT_SIZE_AUTO} estimates the size from the image.
		 */
		public double objectSize = OBJECT_SIZE_OFF;
		/** Position sigma in object diameters when an object size is in use. */
		public double positionScale = POSITION_SCALE;
		/** The default of {@link #positionScale}. */
		static final double POSITION_SCALE = 2.0;
		/** Smallest colour spread, in CIELAB units (L in 0..100), features are divided by. */
		public double colourFloor = 1.0;

		public Config copy() {
			Config c = new Config();
			c.cell = cell;
			c.colourWeight = colourWeight;
			c.textureWeight = textureWeight;
			c.contextWeight = contextWeight;
			c.contextRadius = contextRadius;
			c.positionSigma = positionSigma;
			c.colourFloor = colourFloor;
			c.objectSize = objectSize;
			c.positionScale = positionScale;
			return c;
		}

		@Override
		public String toString() {
			return String.format(java.util.Locale.ROOT, "cell=%d colour=%.3g texture=%.3g context=%.3g contextRadius=%d positionSigma=%.3g colourFloor=%.3g"
				+ " objectSize=%.3g positionScale=%.3g",
				cell, colourWeight, textureWeight, contextWeight, contextRadius, positionSigma, colourFloor, objectSize, positionScale);
		}
	}

	private final Config config;

	public EmbeddedBackbone() {
		this(new Config());
	}

	public EmbeddedBackbone(Config config) {
		if (config.cell < 2) throw new IllegalArgumentException("cell must be at least 2 pixels, got " + config.cell);
		if (!(config.positionSigma > 0)) throw new IllegalArgumentException("positionSigma must be positive, got " + config.positionSigma);
		if (config.colourWeight < 0 || config.textureWeight < 0 || config.contextWeight < 0 || config.contextRadius < 0)
			throw new IllegalArgumentException("weights and the context radius must not be negative");
		if (!(config.colourFloor > 0)) throw new IllegalArgumentException("colourFloor must be positive");
		if (!(config.objectSize > 0 || config.objectSize == OBJECT_SIZE_OFF || config.objectSize == OBJECT_SIZE_AUTO))
			throw new IllegalArgumentException("objectSize must be positive, OBJECT_SIZE_OFF or OBJECT_SIZE_AUTO, got " + config.objectSize);
		if (!(config.positionScale > 0)) throw new IllegalArgumentException("positionScale must be positive, got " + config.positionScale);
		this.config = config.copy();
	}

	public Config config() { return config.copy(); }

	private volatile double lastObjectSize = Double.NaN;

	/** The object diameter (image pixels) the last attention used, given or estimated; NaN before one or when off. */
	public double lastObjectSize() { return lastObjectSize; }

	@Override
	public String name() { return NAME; }

	@Override
	public Attention attention(RandomAccessibleInterval<FloatType> xyc, int r, ProgressListener progress) throws BackboneException {
		GuideImage image = GuideImage.of(xyc);
		if (r < 2) throw new BackboneException("The attention grid side must be at least 2, got " + r + ".");
		progress.progress("Embedded features", 0);
		TokenFeatures tf = TokenFeatures.compute(image, r, config.cell, config.contextRadius, config.colourFloor);
		int n = r * r;
		double side = Math.max(image.width(), image.height());
		double diameter = config.objectSize == OBJECT_SIZE_OFF ? Double.NaN : config.objectSize > 0 ? config.objectSize
			: ObjectSize.estimate(tf.lightness, tf.side, Math.sqrt((double) image.width() * image.height()) / tf.side);
		lastObjectSize = diameter;
		double positionSigma = Double.isNaN(diameter) ? config.positionSigma
			: Math.min(config.positionSigma, config.positionScale * diameter / side);
		// one vector per token, each group scaled by the square root of its weight, so that the
		// weighted distance is a plain squared Euclidean distance
		int dims = TokenFeatures.COLOUR + TokenFeatures.TEXTURE + TokenFeatures.CONTEXT + TokenFeatures.POSITION;
		float[] f = new float[n * dims];
		float wc = (float) Math.sqrt(config.colourWeight), wt = (float) Math.sqrt(config.textureWeight),
			wk = (float) Math.sqrt(config.contextWeight), wp = (float) (1 / positionSigma);
		for (int t = 0; t < n; t++) {
			int o = t * dims;
			for (int d = 0; d < TokenFeatures.COLOUR; d++) f[o++] = wc * tf.colour[t * TokenFeatures.COLOUR + d];
			for (int d = 0; d < TokenFeatures.TEXTURE; d++) f[o++] = wt * tf.texture[t * TokenFeatures.TEXTURE + d];
			for (int d = 0; d < TokenFeatures.CONTEXT; d++) f[o++] = wk * tf.context[t * TokenFeatures.CONTEXT + d];
			for (int d = 0; d < TokenFeatures.POSITION; d++) f[o++] = wp * tf.position[t * TokenFeatures.POSITION + d];
		}
		float[] a = new float[n * n];
		int blocks = Math.max(1, n / 64);
		java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
		IntStream.range(0, blocks).parallel().forEach(bk -> {
			int from = (int) ((long) n * bk / blocks), to = (int) ((long) n * (bk + 1) / blocks);
			for (int i = from; i < to; i++) {
				int oi = i * dims, off = i * n;
				for (int j = 0; j < n; j++) {
					int oj = j * dims;
					float d2 = 0;
					for (int k = 0; k < dims; k++) {
						float t = f[oi + k] - f[oj + k];
						d2 += t * t;
					}
					a[off + j] = (float) Math.exp(-0.5 * d2);
				}
			}
			int finished = done.incrementAndGet();
			if (!progress.isCanceled()) progress.progress("Embedded attention", (double) finished / blocks);
		});
		progress.checkCanceled();
		return Attention.normalisingRows(r, a);
	}
}
