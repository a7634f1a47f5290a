package io.github.m2n2.cli;

import io.github.m2n2.input.UserError;

import java.util.List;

import io.github.m2n2.engine.Settings;

/** The command-line names of every engine setting (section 7 of the specification). */
public final class EngineOptions {

	public static final List<String> NAMES = List.of("temperature", "sinkhorn-iterations", "markov-threshold",
		"markov-max-steps", "interpolation", "krylov-dimension", "krylov-after", "sigma-spatial", "sigma-range", "upsampling", "fast-samples", "flood-fill",
		"max-area", "prior", "edge", "pos", "neg");

	public static final String USAGE = String.join("\n",
		"Engine settings (published defaults):",
		"  --temperature T            attention temperature (0.65)",
		"  --sinkhorn-iterations N    Sinkhorn iterations (200)",
		"  --markov-threshold THETA   Markov-map threshold (0.3)",
		"  --markov-max-steps N       Markov-map step limit (1000)",
		"  --interpolation on|off     linear interpolation of crossing steps (on)",
		"  --krylov-dimension M       walk on in an M-dim Krylov subspace after the exact steps; 0 = exact walk (48)",
		"  --krylov-after N           exact walk steps before the Krylov continuation (8)",
		"  --sigma-spatial S          upsampler spatial sigma, in token cells (1.0)",
		"  --sigma-range S            upsampler colour sigma (0.1)",
		"  --upsampling fast|exact    bilateral window sampled or complete (fast; see README)",
		"  --fast-samples K           samples per token cell and axis in fast upsampling (2)",
		"  --flood-fill on|off        minimax flood fill (on)",
		"  --max-area F               max segment area prior (0.4)",
		"  --prior|--edge|--pos|--neg on|off   score terms (all on)");

	private EngineOptions() { }

	public static Settings settings(Args a) {
		Settings s = new Settings();
		s.temperature(a.number("temperature", s.temperature()));
		s.sinkhornIterations(a.integer("sinkhorn-iterations", s.sinkhornIterations()));
		s.markovThreshold(a.number("markov-threshold", s.markovThreshold()));
		s.markovMaxSteps(a.integer("markov-max-steps", s.markovMaxSteps()));
		s.markovInterpolation(a.onOff("interpolation", s.markovInterpolation()));
		s.krylovDimension(a.integer("krylov-dimension", s.krylovDimension()));
		s.krylovAfterSteps(a.integer("krylov-after", s.krylovAfterSteps()));
		s.sigmaSpatial(a.number("sigma-spatial", s.sigmaSpatial()));
		s.sigmaRange(a.number("sigma-range", s.sigmaRange()));
		String up = a.get("upsampling");
		if (up != null) {
			try {
				s.upsampling(Settings.Upsampling.valueOf(up.trim().toUpperCase()));
			} catch (IllegalArgumentException e) {
				throw new UserError("--upsampling needs fast or exact, got '" + up + "'");
			}
		}
		s.fastSamplesPerCell(a.integer("fast-samples", s.fastSamplesPerCell()));
		s.floodFill(a.onOff("flood-fill", s.floodFill()));
		s.maxAreaPrior(a.number("max-area", s.maxAreaPrior()));
		s.priorTerm(a.onOff("prior", s.priorTerm()));
		s.edgeTerm(a.onOff("edge", s.edgeTerm()));
		s.posTerm(a.onOff("pos", s.posTerm()));
		s.negTerm(a.onOff("neg", s.negTerm()));
		try {
			return s.validate();
		} catch (IllegalArgumentException e) {
			throw new UserError(e.getMessage());
		}
	}
}
