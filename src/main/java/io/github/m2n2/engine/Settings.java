package io.github.m2n2.engine;

/**
 * Every engine setting of section 7 of the algorithm specification, with the published
 * defaults. Mutable, with fluent setters, so command lines and dialogs can fill it field by
 * field; {@link #validate()} names the first bad value.
 */
public final class Settings {

	/** How the Markov-map is brought to image resolution. */
	public enum Upsampling {
		/** Every pixel offset of the bilateral window, exactly as specified. */
		EXACT,
		/** The window sampled on a sub-grid of a few samples per token cell (see README). */
		FAST
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

	private double temperature = 0.65;
	private int sinkhornIterations = 200;
	private SinkhornStop sinkhornStop = SinkhornStop.CONVERGED;
	private double markovThreshold = 0.3;
	private int markovMaxSteps = 1000;
	private boolean markovInterpolation = true;
	private int krylovDimension = 48;
	private int krylovAfterSteps = 8;
	private double sigmaSpatial = 1.0;
	private double sigmaRange = 0.1;
	private Upsampling upsampling = Upsampling.FAST;
	private int fastSamplesPerCell = 2;
	private boolean floodFill = true;
	private double maxAreaPrior = 0.4;
	private boolean priorTerm = true;
	private boolean edgeTerm = true;
	private boolean posTerm = true;
	private boolean negTerm = true;

	public Settings copy() {
		Settings s = new Settings();
		s.temperature = temperature;
		s.sinkhornIterations = sinkhornIterations;
		s.sinkhornStop = sinkhornStop;
		s.markovThreshold = markovThreshold;
		s.markovMaxSteps = markovMaxSteps;
		s.markovInterpolation = markovInterpolation;
		s.krylovDimension = krylovDimension;
		s.krylovAfterSteps = krylovAfterSteps;
		s.sigmaSpatial = sigmaSpatial;
		s.sigmaRange = sigmaRange;
		s.upsampling = upsampling;
		s.fastSamplesPerCell = fastSamplesPerCell;
		s.floodFill = floodFill;
		s.maxAreaPrior = maxAreaPrior;
		s.priorTerm = priorTerm;
		s.edgeTerm = edgeTerm;
		s.posTerm = posTerm;
		s.negTerm = negTerm;
		return s;
	}

	/** @throws IllegalArgumentException naming the first setting out of range */
	public Settings validate() {
		require(temperature > 0 && Double.isFinite(temperature), "temperature must be a positive number, got " + temperature);
		require(sinkhornIterations >= 0, "Sinkhorn iterations must be 0 or more, got " + sinkhornIterations);
		require(markovThreshold > 0 && markovThreshold < 1, "the Markov threshold must lie strictly between 0 and 1, got " + markovThreshold);
		require(markovMaxSteps >= 1, "Markov max steps must be at least 1, got " + markovMaxSteps);
		require(krylovDimension >= 0, "the Krylov dimension must be 0 (exact walk) or more, got " + krylovDimension);
		require(krylovAfterSteps >= 0, "Krylov-after-steps must be 0 or more, got " + krylovAfterSteps);
		require(sigmaSpatial > 0 && Double.isFinite(sigmaSpatial), "sigma spatial must be positive, got " + sigmaSpatial);
		require(sigmaRange > 0 && Double.isFinite(sigmaRange), "sigma range must be positive, got " + sigmaRange);
		require(fastSamplesPerCell >= 1, "fast upsampling needs at least 1 sample per cell, got " + fastSamplesPerCell);
		require(maxAreaPrior > 0 && maxAreaPrior <= 1, "the max segment area prior must lie in (0, 1], got " + maxAreaPrior);
		return this;
	}

	private static void require(boolean ok, String message) {
		if (!ok) throw new IllegalArgumentException(message + ".");
	}

	/** Settings that change the prepared transition matrix. */
	boolean samePreparation(Settings o) {
		return temperature == o.temperature && sinkhornIterations == o.sinkhornIterations && sinkhornStop == o.sinkhornStop;
	}

	/** Settings that change a point's distance map (given the same preparation). */
	boolean sameDistanceMaps(Settings o) {
		return samePreparation(o) && markovThreshold == o.markovThreshold && markovMaxSteps == o.markovMaxSteps
			&& markovInterpolation == o.markovInterpolation && krylovDimension == o.krylovDimension
			&& krylovAfterSteps == o.krylovAfterSteps && sigmaSpatial == o.sigmaSpatial && sigmaRange == o.sigmaRange
			&& upsampling == o.upsampling && fastSamplesPerCell == o.fastSamplesPerCell && floodFill == o.floodFill;
	}

	public double temperature() { return temperature; }
	public Settings temperature(double v) { temperature = v; return this; }

	public int sinkhornIterations() { return sinkhornIterations; }
	public Settings sinkhornIterations(int v) { sinkhornIterations = v; return this; }

	/** Whether Sinkhorn may stop before {@link #sinkhornIterations()} once nothing changes any more. */
	public SinkhornStop sinkhornStop() { return sinkhornStop; }
	public Settings sinkhornStop(SinkhornStop v) { sinkhornStop = java.util.Objects.requireNonNull(v); return this; }

	public double markovThreshold() { return markovThreshold; }
	public Settings markovThreshold(double v) { markovThreshold = v; return this; }

	public int markovMaxSteps() { return markovMaxSteps; }
	public Settings markovMaxSteps(int v) { markovMaxSteps = v; return this; }

	public boolean markovInterpolation() { return markovInterpolation; }
	public Settings markovInterpolation(boolean v) { markovInterpolation = v; return this; }

	/**
	 * Dimension of the Krylov subspace in which Markov walks continue after
	 * {@link #krylovAfterSteps()} exact steps; 0 walks every step exactly with the full matrix.
	 */
	public int krylovDimension() { return krylovDimension; }
	public Settings krylovDimension(int v) { krylovDimension = v; return this; }

	/** Exact steps before a walk continues in the Krylov subspace. */
	public int krylovAfterSteps() { return krylovAfterSteps; }
	public Settings krylovAfterSteps(int v) { krylovAfterSteps = v; return this; }

	public double sigmaSpatial() { return sigmaSpatial; }
	public Settings sigmaSpatial(double v) { sigmaSpatial = v; return this; }

	public double sigmaRange() { return sigmaRange; }
	public Settings sigmaRange(double v) { sigmaRange = v; return this; }

	public Upsampling upsampling() { return upsampling; }
	public Settings upsampling(Upsampling v) { upsampling = v; return this; }

	public int fastSamplesPerCell() { return fastSamplesPerCell; }
	public Settings fastSamplesPerCell(int v) { fastSamplesPerCell = v; return this; }

	public boolean floodFill() { return floodFill; }
	public Settings floodFill(boolean v) { floodFill = v; return this; }

	public double maxAreaPrior() { return maxAreaPrior; }
	public Settings maxAreaPrior(double v) { maxAreaPrior = v; return this; }

	public boolean priorTerm() { return priorTerm; }
	public Settings priorTerm(boolean v) { priorTerm = v; return this; }

	public boolean edgeTerm() { return edgeTerm; }
	public Settings edgeTerm(boolean v) { edgeTerm = v; return this; }

	public boolean posTerm() { return posTerm; }
	public Settings posTerm(boolean v) { posTerm = v; return this; }

	public boolean negTerm() { return negTerm; }
	public Settings negTerm(boolean v) { negTerm = v; return this; }
}
