package io.github.m2n2.fiji;

import java.nio.file.Path;

import ij.gui.GenericDialog;

import io.github.m2n2.backbone.BackboneConfig;
import io.github.m2n2.backbone.Backbones;
import io.github.m2n2.input.UserError;
import io.github.m2n2.engine.Settings;

/**
 * The ImageJ 1.x dialog of the segmentation settings. Each label starts with the macro key
 * (GenericDialog keys are the label's first word, underscores shown as spaces), and the keys
 * are those of the SciJava command, so one macro line works with either command.
 */
final class RequestDialog {

	private static final String[] BACKBONES = Backbones.NAMES.toArray(new String[0]);
	private static final String[] DEVICES = { "auto", "cpu", "gpu" };
	private static final String[] PRECISIONS = { "auto", "fp32", "fp16" };
	private static final String[] UPSAMPLINGS = { "fast", "exact" };
	private static final String[] ON_OFF = { "on", "off" };

	private RequestDialog() { }

	static void addFields(GenericDialog gd) {
		BackboneConfig b = new BackboneConfig();
		Settings s = new Settings();
		gd.addChoice("Backbone", BACKBONES, "embedded");
		gd.addStringField("Attention (.npy file, file backbone)", "", 30);
		gd.addStringField("Model (sd2: hub id or folder)", b.model, 30);
		gd.addNumericField("Resolution (attention grid r, 0 = default)", 0, 0);
		gd.addNumericField("Working_size (longest side, px)", SegmentationRequest.DEFAULT_WORKING_SIZE, 0);
		gd.setInsets(10, 0, 0);
		gd.addMessage("Advanced (published defaults)");
		gd.addChoice("Device (sd2)", DEVICES, "auto");
		gd.addChoice("Precision (sd2)", PRECISIONS, "auto");
		gd.addNumericField("Timestep (sd2)", b.timestep, 0);
		gd.addNumericField("Temperature", s.temperature(), 3);
		gd.addNumericField("Sinkhorn iterations", s.sinkhornIterations(), 0);
		gd.addNumericField("Theta (Markov threshold)", s.markovThreshold(), 3);
		gd.addNumericField("Max_steps (Markov)", s.markovMaxSteps(), 0);
		gd.addNumericField("Krylov_dimension (0 = exact walk)", s.krylovDimension(), 0);
		gd.addNumericField("Krylov_after (exact steps first)", s.krylovAfterSteps(), 0);
		gd.addNumericField("Sigma_spatial (token cells)", s.sigmaSpatial(), 3);
		gd.addNumericField("Sigma_range", s.sigmaRange(), 3);
		gd.addChoice("Upsampling", UPSAMPLINGS, "fast");
		gd.addNumericField("Samples (per cell, fast upsampling)", s.fastSamplesPerCell(), 0);
		gd.addNumericField("Max_area (segment area prior)", s.maxAreaPrior(), 3);
		// on/off choices, not checkboxes: a macro that leaves a checkbox out turns it off, and
		// these are on by default
		gd.addChoice("Interpolation (Markov crossing steps)", ON_OFF, onOff(s.markovInterpolation()));
		gd.addChoice("Flood_fill", ON_OFF, onOff(s.floodFill()));
		gd.addChoice("Prior (score term)", ON_OFF, onOff(s.priorTerm()));
		gd.addChoice("Edge (score term)", ON_OFF, onOff(s.edgeTerm()));
		gd.addChoice("Pos (score term)", ON_OFF, onOff(s.posTerm()));
		gd.addChoice("Neg (score term)", ON_OFF, onOff(s.negTerm()));
	}

	private static String onOff(boolean b) { return b ? "on" : "off"; }

	private static boolean on(GenericDialog gd) { return gd.getNextChoice().equals("on"); }

	/** Reads the fields in the order {@link #addFields} added them. */
	static SegmentationRequest read(GenericDialog gd) {
		BackboneConfig b = new BackboneConfig();
		b.name = gd.getNextChoice();
		String file = gd.getNextString().trim();
		b.attentionFile = file.isEmpty() ? null : Path.of(file);
		String model = gd.getNextString().trim();
		if (!model.isEmpty()) b.model = model;
		int resolution = (int) gd.getNextNumber();
		int working = (int) gd.getNextNumber();
		b.device = gd.getNextChoice();
		b.precision = gd.getNextChoice();
		b.timestep = (int) gd.getNextNumber();
		Settings s = new Settings().temperature(gd.getNextNumber()).sinkhornIterations((int) gd.getNextNumber())
			.markovThreshold(gd.getNextNumber()).markovMaxSteps((int) gd.getNextNumber()).krylovDimension((int) gd.getNextNumber())
			.krylovAfterSteps((int) gd.getNextNumber()).sigmaSpatial(gd.getNextNumber())
			.sigmaRange(gd.getNextNumber())
			.upsampling(gd.getNextChoice().equals("exact") ? Settings.Upsampling.EXACT : Settings.Upsampling.FAST)
			.fastSamplesPerCell((int) gd.getNextNumber()).maxAreaPrior(gd.getNextNumber()).markovInterpolation(on(gd))
			.floodFill(on(gd)).priorTerm(on(gd)).edgeTerm(on(gd)).posTerm(on(gd)).negTerm(on(gd));
		if (gd.invalidNumber()) throw new UserError("A number in the M2N2 dialog is not a number.");
		if (b.name.equals("file") && b.attentionFile == null)
			throw new UserError("The file backbone needs an attention file (.npy); fill in Attention or pick another backbone.");
		try {
			return new SegmentationRequest(b, resolution, s, working).validate();
		} catch (IllegalArgumentException e) {
			throw new UserError(e.getMessage());
		}
	}
}
