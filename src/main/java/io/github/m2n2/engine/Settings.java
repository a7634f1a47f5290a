package io.github.m2n2.engine;

import static io.github.m2n2.engine.Setting.Effect.DISTANCE_MAPS;
import static io.github.m2n2.engine.Setting.Effect.POINT_PROFILES;
import static io.github.m2n2.engine.Setting.Effect.SCORES;
import static io.github.m2n2.engine.Setting.Effect.TRANSITION_MATRIX;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * The engine settings (docs/algorithm.md, section 9) with the published defaults. Each
 * setting is described once, below, as a {@link Setting}; everything else (command line,
 * dialogs, validation, cache invalidation, cache keys) is derived from {@link #ALL}. To add a
 * setting, add one entry here and read it in the engine with {@link #get(Setting)} (README,
 * "Adding a setting"). Mutable, with fluent setters, so command lines and dialogs can fill it
 * value by value; {@link #validate()} names the first bad value.
 */
public final class Settings {

	/** How the Markov-map is brought to image resolution. */
	public enum Upsampling {
		/** Every pixel offset of the bilateral window, exactly as specified. */
		EXACT,
		/** The window sampled on a sub-grid of a few samples per token cell (docs/algorithm.md, section 5). */
		FAST,
		/**
		 * Sampled, except around the click: pixels near it and guide-edge pixels within the refine
		 * radius get the complete window, bit for bit the exact mode's (docs/algorithm.md, section 5).
		 */
		REFINED
	}

	/** When Sinkhorn stops. */
	public enum SinkhornStop {
		/**
		 * At the iteration count, or earlier once the scaling has reached a fixed point at float
		 * precision; the matrix is then the same, bit for bit, as after the full count.
		 */
		CONVERGED,
		/** Always runs the full iteration count. */
		FIXED
	}

	/** How the prepared matrix is held in memory. */
	public enum MatrixStorage {
		/**
		 * {@link #PACKED16} where the Vector API loops run, {@link #FLOAT} elsewhere: plain Java
		 * cannot vectorise the decoding, which made packed passes slower than float ones there.
		 */
		AUTO,
		/** 32-bit floats. */
		FLOAT,
		/** {@link PackedMatrix}: 16 bits per entry, half the memory and the time of a pass over it. */
		PACKED16
	}

	/** How an added click may change the other points' thresholds. */
	public enum Correction {
		/** The published pos and neg terms alone (docs/algorithm.md, section 5). */
		PUBLISHED,
		/** {@link LocalCorrection}: a change of threshold must be backed by other points' regions. */
		LOCAL
	}

	private static final List<Setting> REGISTERED = new ArrayList<>();

	private static Setting add(Setting.Builder b) {
		Setting s = b.build(REGISTERED.size());
		REGISTERED.add(s);
		return s;
	}

	public static final Setting TEMPERATURE = add(Setting.real("temperature", 0.65).label("Temperature")
		.help("attention temperature T").above(0).invalidates(TRANSITION_MATRIX));
	public static final Setting SINKHORN_ITERATIONS = add(Setting.integer("sinkhorn", 200).option("sinkhorn-iterations")
		.label("Sinkhorn iterations").help("balancing iterations of the transition matrix").atLeast(0).invalidates(TRANSITION_MATRIX));
	public static final Setting SINKHORN_STOP = add(Setting.choice("sinkhorn_stop", SinkhornStop.CONVERGED.ordinal(), "converged", "fixed")
		.label("Sinkhorn stop").help("converged: stop early once iterations change nothing at float precision (same matrix); fixed: run all")
		.invalidates(TRANSITION_MATRIX));
	/** A compile-time constant, so that the Fiji command's parameter annotation can say the same. */
	public static final String MATRIX_HELP = "packed16: 16 bits per entry (11 fraction bits), half the memory and nearly half the time of"
		+ " each pass over the prepared matrix; float: 32-bit floats; auto: packed16 where the Vector API loops run, float elsewhere."
		+ " Resolutions not divisible by 8 use floats";
	public static final Setting MATRIX = add(Setting.choice("matrix", MatrixStorage.AUTO.ordinal(), "auto", "float", "packed16")
		.label("Matrix storage").help(MATRIX_HELP).invalidates(TRANSITION_MATRIX));
	public static final Setting MARKOV_THRESHOLD = add(Setting.real("theta", 0.3).option("markov-threshold")
		.label("Markov threshold").help("Markov-map threshold theta on the walk state (max 1)").above(0).below(1).invalidates(DISTANCE_MAPS));
	public static final Setting MARKOV_MAX_STEPS = add(Setting.integer("max_steps", 1000).option("markov-max-steps")
		.label("Markov max steps").help("step limit of the Markov-map").atLeast(1).invalidates(DISTANCE_MAPS));
	public static final Setting MARKOV_INTERPOLATION = add(Setting.onOff("interpolation", true)
		.label("Interpolation of crossing steps").help("linear interpolation of the step at which theta is crossed").invalidates(DISTANCE_MAPS));
	public static final Setting KRYLOV_DIMENSION = add(Setting.integer("krylov_dimension", 48)
		.label("Krylov dimension").help("walks continue in a Krylov subspace of this starting size after the exact steps; 0 = exact walk")
		.atLeast(0).invalidates(DISTANCE_MAPS));
	public static final Setting KRYLOV_AFTER_STEPS = add(Setting.integer("krylov_after", 8)
		.label("Krylov after steps").help("exact walk steps before the Krylov continuation").atLeast(0).invalidates(DISTANCE_MAPS));
	/** A compile-time constant, so that the Fiji command's parameter annotation can say the same. */
	public static final String KRYLOV_TOLERANCE_HELP = "a walk's Krylov subspace grows by " + MarkovMap.KRYLOV_GROWTH + " while its last "
		+ MarkovMap.KRYLOV_GROWTH + " vectors still move the projected walk by more than this (0 = fixed size)";
	public static final Setting KRYLOV_TOLERANCE = add(Setting.real("krylov_tolerance", 0.01)
		.label("Krylov tolerance").help(KRYLOV_TOLERANCE_HELP)
		.atLeast(0).invalidates(DISTANCE_MAPS));
	public static final Setting SIGMA_SPATIAL = add(Setting.real("sigma_spatial", 1.0)
		.label("Sigma spatial").help("upsampler spatial sigma, in token cells").above(0).invalidates(DISTANCE_MAPS));
	public static final Setting SIGMA_RANGE = add(Setting.real("sigma_range", 0.1)
		.label("Sigma range").help("upsampler colour sigma").above(0).invalidates(DISTANCE_MAPS));
	public static final Setting UPSAMPLING = add(Setting.choice("upsampling", Upsampling.REFINED.ordinal(), "exact", "fast", "refined")
		.label("Upsampling").help("bilateral window complete (exact), sampled (fast), or sampled but complete where the click's region is decided (refined)")
		.invalidates(DISTANCE_MAPS));
	public static final Setting FAST_SAMPLES = add(Setting.integer("samples", 2).option("fast-samples")
		.label("Samples per token cell").help("samples per token cell and axis in fast upsampling").atLeast(1).invalidates(DISTANCE_MAPS));
	public static final Setting REFINE_RADIUS = add(Setting.real("refine_radius", 8).option("refine-radius")
		.label("Refine radius (token cells)").help("refined upsampling: guide-edge pixels within this many token cells of the click get the complete window")
		.atLeast(0).invalidates(DISTANCE_MAPS));
	public static final Setting FLOOD_FILL = add(Setting.onOff("flood_fill", true)
		.label("Flood fill").help("minimax flood fill of the distance map").invalidates(DISTANCE_MAPS));
	public static final Setting MAX_AREA = add(Setting.real("max_area", 0.4)
		.label("Max segment area").help("area prior, as a fraction of the image").above(0).atMost(1).invalidates(POINT_PROFILES));
	public static final Setting PRIOR_TERM = add(Setting.onOff("prior", true)
		.label("Prior score term").help("score term: area prior").invalidates(POINT_PROFILES));
	public static final Setting EDGE_TERM = add(Setting.onOff("edge", true)
		.label("Edge score term").help("score term: edge strength at the threshold").invalidates(POINT_PROFILES));
	public static final Setting POS_TERM = add(Setting.onOff("pos", true)
		.label("Pos score term").help("score term: own points inside").invalidates(SCORES));
	public static final Setting NEG_TERM = add(Setting.onOff("neg", true)
		.label("Neg score term").help("score term: other points outside").invalidates(SCORES));
	/** A compile-time constant, so that the Fiji command's parameter annotation can say the same. */
	public static final String CORRECTION_HELP = "published: pos and neg re-choose every region; local: a later click cuts an earlier"
		+ " point's region only where its own region claims a tenth of the cut; pos counts only the point itself; a later object point"
		+ " with no background point before it stays within its label's area";
	public static final Setting CORRECTION = add(Setting.choice("correction", Correction.PUBLISHED.ordinal(), "published", "local")
		.label("Correction clicks").help(CORRECTION_HELP).invalidates(SCORES));

	/** Every setting, in the order help texts and dialogs show them. */
	public static final List<Setting> ALL = List.copyOf(REGISTERED);

	private final double[] values = new double[ALL.size()];

	public Settings() {
		for (Setting s : ALL) values[s.index] = s.defaultValue();
	}

	public Settings copy() {
		Settings c = new Settings();
		System.arraycopy(values, 0, c.values, 0, values.length);
		return c;
	}

	/** The value of any setting; integers, on/off (1/0) and choices (index) are exact. */
	public double get(Setting s) { return values[s.index]; }

	public Settings set(Setting s, double v) {
		values[s.index] = v;
		return this;
	}

	public boolean isOn(Setting s) { return values[s.index] != 0; }

	public int integer(Setting s) { return (int) values[s.index]; }

	/** @throws IllegalArgumentException naming the first setting out of range */
	public Settings validate() {
		for (Setting s : ALL) s.check(values[s.index]);
		return this;
	}

	/** True when every setting whose effect is {@code stage} or earlier has the same value. */
	boolean sameUpTo(Settings o, Setting.Effect stage) {
		for (Setting s : ALL)
			if (s.effect().compareTo(stage) <= 0 && Double.compare(values[s.index], o.values[s.index]) != 0) return false;
		return true;
	}

	/** Settings that change the prepared transition matrix. */
	boolean samePreparation(Settings o) { return sameUpTo(o, TRANSITION_MATRIX); }

	/** Settings that change a point's distance map. */
	boolean sameDistanceMaps(Settings o) { return sameUpTo(o, DISTANCE_MAPS); }

	/** Settings that change a point's cached threshold profile. */
	boolean samePointProfiles(Settings o) { return sameUpTo(o, POINT_PROFILES); }

	/**
	 * {@code key=value} of every setting whose effect is {@code stage} or earlier: a cache key
	 * for what was computed up to that stage.
	 */
	public String key(Setting.Effect stage) {
		StringJoiner j = new StringJoiner("|");
		for (Setting s : ALL) if (s.effect().compareTo(stage) <= 0) j.add(s.key() + "=" + s.format(values[s.index]));
		return j.toString();
	}

	/** {@code option=value} of the settings that differ from the defaults, or {@code defaults}. */
	public String differencesFromDefaults() {
		StringJoiner j = new StringJoiner(" ");
		for (Setting s : ALL) if (Double.compare(values[s.index], s.defaultValue()) != 0) j.add(s.option() + "=" + s.format(values[s.index]));
		return j.length() == 0 ? "defaults" : j.toString();
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof Settings && Arrays.equals(values, ((Settings) o).values);
	}

	@Override
	public int hashCode() { return Arrays.hashCode(values); }

	@Override
	public String toString() { return key(SCORES); }

	// Typed shortcuts for the engine's own code; a new setting needs none (use get/isOn/integer).

	public double temperature() { return get(TEMPERATURE); }
	public Settings temperature(double v) { return set(TEMPERATURE, v); }

	public int sinkhornIterations() { return integer(SINKHORN_ITERATIONS); }
	public Settings sinkhornIterations(int v) { return set(SINKHORN_ITERATIONS, v); }

	/** Whether Sinkhorn may stop before {@link #sinkhornIterations()} once nothing changes any more. */
	public SinkhornStop sinkhornStop() { return SinkhornStop.values()[integer(SINKHORN_STOP)]; }
	public Settings sinkhornStop(SinkhornStop v) { return set(SINKHORN_STOP, v.ordinal()); }

	public MatrixStorage matrixStorage() { return MatrixStorage.values()[integer(MATRIX)]; }
	public Settings matrixStorage(MatrixStorage v) { return set(MATRIX, v.ordinal()); }

	public double markovThreshold() { return get(MARKOV_THRESHOLD); }
	public Settings markovThreshold(double v) { return set(MARKOV_THRESHOLD, v); }

	public int markovMaxSteps() { return integer(MARKOV_MAX_STEPS); }
	public Settings markovMaxSteps(int v) { return set(MARKOV_MAX_STEPS, v); }

	public boolean markovInterpolation() { return isOn(MARKOV_INTERPOLATION); }
	public Settings markovInterpolation(boolean v) { return set(MARKOV_INTERPOLATION, v ? 1 : 0); }

	/**
	 * Dimension of the Krylov subspace in which Markov walks continue after
	 * {@link #krylovAfterSteps()} exact steps; 0 walks every step exactly with the full matrix.
	 */
	public int krylovDimension() { return integer(KRYLOV_DIMENSION); }
	public Settings krylovDimension(int v) { return set(KRYLOV_DIMENSION, v); }

	/** Exact steps before a walk continues in the Krylov subspace. */
	public int krylovAfterSteps() { return integer(KRYLOV_AFTER_STEPS); }
	public Settings krylovAfterSteps(int v) { return set(KRYLOV_AFTER_STEPS, v); }

	/**
	 * How far the projected walk may still move when a Krylov subspace grows by its last 16
	 * vectors before the subspace counts as large enough; 0 keeps {@link #krylovDimension()} fixed.
	 */
	public double krylovTolerance() { return get(KRYLOV_TOLERANCE); }
	public Settings krylovTolerance(double v) { return set(KRYLOV_TOLERANCE, v); }

	public double sigmaSpatial() { return get(SIGMA_SPATIAL); }
	public Settings sigmaSpatial(double v) { return set(SIGMA_SPATIAL, v); }

	public double sigmaRange() { return get(SIGMA_RANGE); }
	public Settings sigmaRange(double v) { return set(SIGMA_RANGE, v); }

	public Upsampling upsampling() { return Upsampling.values()[integer(UPSAMPLING)]; }
	public Settings upsampling(Upsampling v) { return set(UPSAMPLING, v.ordinal()); }

	public int fastSamplesPerCell() { return integer(FAST_SAMPLES); }
	public Settings fastSamplesPerCell(int v) { return set(FAST_SAMPLES, v); }

	/** Refined upsampling: radius, in token cells, within which guide-edge pixels get the complete window. */
	public double refineRadius() { return get(REFINE_RADIUS); }
	public Settings refineRadius(double v) { return set(REFINE_RADIUS, v); }

	public boolean floodFill() { return isOn(FLOOD_FILL); }
	public Settings floodFill(boolean v) { return set(FLOOD_FILL, v ? 1 : 0); }

	public double maxAreaPrior() { return get(MAX_AREA); }
	public Settings maxAreaPrior(double v) { return set(MAX_AREA, v); }

	public boolean priorTerm() { return isOn(PRIOR_TERM); }
	public Settings priorTerm(boolean v) { return set(PRIOR_TERM, v ? 1 : 0); }

	public boolean edgeTerm() { return isOn(EDGE_TERM); }
	public Settings edgeTerm(boolean v) { return set(EDGE_TERM, v ? 1 : 0); }

	public boolean posTerm() { return isOn(POS_TERM); }
	public Settings posTerm(boolean v) { return set(POS_TERM, v ? 1 : 0); }

	public boolean negTerm() { return isOn(NEG_TERM); }
	public Settings negTerm(boolean v) { return set(NEG_TERM, v ? 1 : 0); }

	public Correction correction() { return Correction.values()[integer(CORRECTION)]; }
	public Settings correction(Correction v) { return set(CORRECTION, v.ordinal()); }
}
