package io.github.m2n2.fiji;

import java.util.HashMap;
import java.util.Map;

import ij.gui.GenericDialog;

import io.github.m2n2.backbone.AttentionFileBackbone;
import io.github.m2n2.backbone.BackboneConfig;
import io.github.m2n2.backbone.BackboneOption;
import io.github.m2n2.backbone.BackboneProvider;
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

	private RequestDialog() { }

	static void addFields(GenericDialog gd) {
		gd.addChoice("Backbone", BACKBONES, BACKBONES[0]);
		gd.addNumericField("Resolution (attention grid r, 0 = default)", 0, 0);
		gd.addNumericField("Working_size (longest side, px)", SegmentationRequest.DEFAULT_WORKING_SIZE, 0);
		// every backbone's options from the registry, labelled "Key (backbone: label)"
		for (BackboneProvider p : Backbones.providers())
			for (BackboneOption o : p.options()) {
				String label = capitalised(o.macroKey()) + " (" + p.name() + ": " + o.label() + ")";
				String value = o.defaultValue() == null ? "" : o.defaultValue();
				switch (o.kind()) {
					case CHOICE: gd.addChoice(label, o.choices().toArray(new String[0]), value); break;
					case SWITCH: gd.addCheckbox(label, false); break;
					case INTEGER: gd.addNumericField(label, Integer.parseInt(value), 0); break;
					default: gd.addStringField(label, value, 30);
				}
			}
		gd.setInsets(10, 0, 0);
		gd.addMessage("Advanced (published defaults)");
		// Every engine setting from its one description. On/off settings are choices, not
		// checkboxes: a macro that leaves a checkbox out turns it off, and these default to on.
		for (Setting d : Settings.ALL) {
			if (d.choices().isEmpty()) gd.addNumericField(d.dialogLabel(), d.defaultValue(), d.kind() == Setting.Kind.INTEGER ? 0 : 3);
			else gd.addChoice(d.dialogLabel(), d.choices().toArray(new String[0]), d.format(d.defaultValue()));
		}
	}

	private static String capitalised(String key) {
		return Character.toUpperCase(key.charAt(0)) + key.substring(1);
	}

	/** Reads the fields in the order {@link #addFields} added them. */
	static SegmentationRequest read(GenericDialog gd) {
		String name = gd.getNextChoice();
		int resolution = (int) gd.getNextNumber();
		int working = (int) gd.getNextNumber();
		Map<String, String> options = new HashMap<>();
		for (BackboneProvider p : Backbones.providers())
			for (BackboneOption o : p.options()) {
				String v;
				switch (o.kind()) {
					case CHOICE: v = gd.getNextChoice(); break;
					case SWITCH: v = gd.getNextBoolean() ? "true" : null; break;
					case INTEGER: v = String.valueOf((int) gd.getNextNumber()); break;
					default: v = gd.getNextString().trim();
				}
				if (v != null && !v.isEmpty()) options.put(o.name(), v);
			}
		BackboneConfig b = new BackboneConfig(name, options);
		Settings s = new Settings();
		for (Setting d : Settings.ALL) s.set(d, d.choices().isEmpty() ? gd.getNextNumber() : d.parse(gd.getNextChoice()));
		if (gd.invalidNumber()) throw new UserError("A number in the M2N2 dialog is not a number.");
		if (b.name().equals(AttentionFileBackbone.NAME) && !b.has(AttentionFileBackbone.ATTENTION))
			throw new UserError("The file backbone needs an attention file (.npy); fill in Attention or pick another backbone.");
		try {
			return new SegmentationRequest(b, resolution, s, working).validate();
		} catch (IllegalArgumentException e) {
			throw new UserError(e.getMessage());
		}
	}
}
