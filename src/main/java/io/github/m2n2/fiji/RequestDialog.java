package io.github.m2n2.fiji;

import java.nio.file.Path;

import ij.gui.GenericDialog;

import io.github.m2n2.backbone.BackboneConfig;
import io.github.m2n2.backbone.Backbones;
import io.github.m2n2.input.UserError;
import io.github.m2n2.engine.Setting;
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

	private RequestDialog() { }

	static void addFields(GenericDialog gd) {
		BackboneConfig b = new BackboneConfig();
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
		// Every engine setting from its one description. On/off settings are choices, not
		// checkboxes: a macro that leaves a checkbox out turns it off, and these default to on.
		for (Setting d : Settings.ALL) {
			if (d.choices().isEmpty()) gd.addNumericField(d.dialogLabel(), d.defaultValue(), d.kind() == Setting.Kind.INTEGER ? 0 : 3);
			else gd.addChoice(d.dialogLabel(), d.choices().toArray(new String[0]), d.format(d.defaultValue()));
		}
	}

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
		Settings s = new Settings();
		for (Setting d : Settings.ALL) s.set(d, d.choices().isEmpty() ? gd.getNextNumber() : d.parse(gd.getNextChoice()));
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
