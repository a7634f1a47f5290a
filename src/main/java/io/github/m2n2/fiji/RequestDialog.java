package io.github.m2n2.fiji;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ij.Macro;
import ij.gui.GenericDialog;

import io.github.m2n2.backbone.AttentionFileBackbone;
import io.github.m2n2.backbone.BackboneConfig;
import io.github.m2n2.backbone.BackboneOption;
import io.github.m2n2.backbone.BackboneProvider;
import io.github.m2n2.backbone.Backbones;
import io.github.m2n2.input.UserError;
import io.github.m2n2.engine.Setting;
import io.github.m2n2.engine.Settings;
import io.github.m2n2.engine.stack.PropagationSettings;
import io.github.m2n2.io.ImagePlusGuide.GreyMapping;

/**
 * The ImageJ 1.x dialog of the segmentation settings. Each label starts with the macro key
 * (GenericDialog keys are the label's first word, underscores shown as spaces), and the keys
 * are those of the SciJava command, so one macro line works with either command.
 *
 * <p>Shown to a person the dialog is short: backbone, resolution and working size (the caller
 * adds the outputs); the backbones' options and the engine settings are behind an
 * <em>Advanced...</em> button and kept for the rest of the ImageJ session. From a macro every
 * field is there (nothing is shown), so every key can be given.
 */
final class RequestDialog {

	private static final String[] BACKBONES = Backbones.NAMES.toArray(new String[0]);

	/** Values chosen under Advanced, by macro key; absent = the described default. */
	private static final Map<String, String> ADVANCED = new LinkedHashMap<>();

	private RequestDialog() { }

	/** Whether the dialog is read from a macro's options rather than shown. */
	static boolean fromMacro() {
		return Macro.getOptions() != null;
	}

	private static final String RESOLUTION_FIELD = "Resolution (attention grid r, 0 = default)";
	private static final String WORKING_SIZE_FIELD = "Working_size (longest side, px)";

	/** A field's macro key as ImageJ derives it: the label's first word, lower case. */
	private static String macroKey(String label) {
		int space = label.indexOf(' ');
		return (space < 0 ? label : label.substring(0, space)).toLowerCase(java.util.Locale.ROOT);
	}

	static void addFields(GenericDialog gd) {
		gd.addChoice("Backbone", BACKBONES, BACKBONES[0]);
		gd.addNumericField(RESOLUTION_FIELD, 0, 0);
		gd.addNumericField(WORKING_SIZE_FIELD, SegmentationRequest.DEFAULT_WORKING_SIZE, 0);
		if (fromMacro()) addAdvancedFields(gd, Map.of());
		else {
			gd.addMessage(advancedSummary());
			java.awt.Component summary = gd.getMessage();
			gd.addButton("Advanced...", e -> {
				showAdvanced();
				if (summary instanceof java.awt.Label) ((java.awt.Label) summary).setText(advancedSummary());
			});
		}
	}

	/** Every backbone's options from the registry, then every engine setting from its one description. */
	private static void addAdvancedFields(GenericDialog gd, Map<String, String> values) {
		for (BackboneProvider p : Backbones.providers())
			for (BackboneOption o : p.options()) {
				String label = capitalised(o.macroKey()) + " (" + p.name() + ": " + o.label() + ")";
				String value = values.getOrDefault(o.macroKey(), o.defaultValue() == null ? "" : o.defaultValue());
				switch (o.kind()) {
					case CHOICE: gd.addChoice(label, o.choices().toArray(new String[0]), value); break;
					case SWITCH: gd.addCheckbox(label, "true".equals(value)); break;
					case INTEGER: gd.addNumericField(label, Integer.parseInt(value), 0); break;
					default: gd.addStringField(label, value, 30);
				}
			}
		gd.addChoice("Grey (guide of grey images: stretch, minmax or display range)", SegmentationRequest.GREY_CHOICES,
			values.getOrDefault(SegmentationRequest.GREY, GreyMapping.DEFAULT.key()));
		gd.setInsets(10, 0, 0);
		gd.addMessage("Engine (published defaults)");
		// On/off settings are choices, not checkboxes: a macro that leaves a checkbox out turns
		// it off, and these default to on.
		for (Setting d : Settings.ALL) {
			String value = values.getOrDefault(d.key(), d.format(d.defaultValue()));
			if (d.choices().isEmpty()) gd.addNumericField(d.dialogLabel(), d.parse(value), d.kind() == Setting.Kind.INTEGER ? 0 : 3);
			else gd.addChoice(d.dialogLabel(), d.choices().toArray(new String[0]), value);
		}
		gd.setInsets(10, 0, 0);
		gd.addMessage("Stacks (Planes: all, Propagate)");
		for (Setting d : PropagationSettings.ALL) {
			String value = values.getOrDefault(d.key(), d.format(d.defaultValue()));
			gd.addNumericField(d.dialogLabel(), d.parse(value), d.kind() == Setting.Kind.INTEGER ? 0 : 2);
		}
	}

	/** Reads what {@link #addAdvancedFields} added, in its order, by macro key. */
	private static Map<String, String> readAdvancedFields(GenericDialog gd) {
		Map<String, String> out = new LinkedHashMap<>();
		for (BackboneProvider p : Backbones.providers())
			for (BackboneOption o : p.options()) {
				switch (o.kind()) {
					case CHOICE: out.put(o.macroKey(), gd.getNextChoice()); break;
					case SWITCH: out.put(o.macroKey(), gd.getNextBoolean() ? "true" : ""); break;
					case INTEGER: out.put(o.macroKey(), String.valueOf((int) gd.getNextNumber())); break;
					default: out.put(o.macroKey(), gd.getNextString().trim());
				}
			}
		out.put(SegmentationRequest.GREY, gd.getNextChoice());
		for (Setting d : Settings.ALL) out.put(d.key(), d.choices().isEmpty() ? d.format(gd.getNextNumber()) : gd.getNextChoice());
		for (Setting d : PropagationSettings.ALL) out.put(d.key(), d.format(gd.getNextNumber()));
		if (gd.invalidNumber()) throw new UserError("A number in the M2N2 dialog is not a number.");
		return out;
	}

	/**
	 * The values chosen under Advanced this session that differ from the described defaults,
	 * by macro key: the SciJava command starts its hidden fields from them, so both commands
	 * share one Advanced state.
	 */
	static Map<String, String> advancedValues() {
		synchronized (ADVANCED) {
			return new LinkedHashMap<>(ADVANCED);
		}
	}

	/** Shows the Advanced dialog (for the SciJava command's button); the chosen values, as {@link #advancedValues}. */
	static Map<String, String> editAdvanced() {
		showAdvanced();
		return advancedValues();
	}

	/** The second dialog; its values stay for later runs (until ImageJ quits). */
	private static void showAdvanced() {
		GenericDialog gd = new GenericDialog("M2N2 Advanced");
		Map<String, String> current;
		synchronized (ADVANCED) {
			current = new HashMap<>(ADVANCED);
		}
		addAdvancedFields(gd, current);
		gd.enableYesNoCancel("OK", "Published defaults");
		gd.showDialog();
		if (gd.wasCanceled()) return;
		synchronized (ADVANCED) {
			if (!gd.wasOKed()) ADVANCED.clear(); // "Published defaults"
			else {
				try {
					Map<String, String> read = readAdvancedFields(gd);
					ADVANCED.clear();
					ADVANCED.putAll(differences(read));
				} catch (UserError e) {
					UserMessages.error("M2N2 Advanced", e.getMessage());
				}
			}
		}
	}

	/** Only what differs from the described defaults, so that a default changed later is followed. */
	private static Map<String, String> differences(Map<String, String> read) {
		Map<String, String> out = new LinkedHashMap<>();
		Map<String, String> defaults = new HashMap<>();
		for (BackboneProvider p : Backbones.providers())
			for (BackboneOption o : p.options()) defaults.put(o.macroKey(), o.defaultValue() == null ? "" : o.defaultValue());
		defaults.put(SegmentationRequest.GREY, GreyMapping.DEFAULT.key());
		for (Setting d : Settings.ALL) defaults.put(d.key(), d.format(d.defaultValue()));
		for (Setting d : PropagationSettings.ALL) defaults.put(d.key(), d.format(d.defaultValue()));
		for (Map.Entry<String, String> e : read.entrySet())
			if (!e.getValue().equals(defaults.get(e.getKey()))) out.put(e.getKey(), e.getValue());
		return out;
	}

	/** One line under the short dialog's fields: what Advanced holds now. */
	private static String advancedSummary() {
		synchronized (ADVANCED) {
			if (ADVANCED.isEmpty()) return "Advanced: published defaults (backbone options, engine settings)";
			StringBuilder sb = new StringBuilder("Advanced: ");
			for (Map.Entry<String, String> e : ADVANCED.entrySet()) {
				if (sb.length() > 10) sb.append(", ");
				sb.append(e.getKey()).append('=').append(e.getValue().isEmpty() ? "(empty)" : e.getValue());
			}
			return sb.length() > 100 ? sb.substring(0, 97) + "..." : sb.toString();
		}
	}

	private static String capitalised(String key) {
		return Character.toUpperCase(key.charAt(0)) + key.substring(1);
	}

	/**
	 * The macro keys of the numeric fields {@link #addFields} adds (the first word of a label,
	 * lower case, as ImageJ derives them).
	 */
	private static List<String> numericKeys() {
		List<String> keys = new ArrayList<>(List.of(macroKey(RESOLUTION_FIELD), macroKey(WORKING_SIZE_FIELD)));
		for (BackboneProvider p : Backbones.providers())
			for (BackboneOption o : p.options()) if (o.kind() == BackboneOption.Kind.INTEGER) keys.add(o.macroKey());
		for (Setting d : Settings.ALL) if (d.choices().isEmpty()) keys.add(d.key());
		for (Setting d : PropagationSettings.ALL) keys.add(d.key());
		return keys;
	}

	/**
	 * Refuses a macro's value that is not a number for a numeric field before ImageJ reads it:
	 * ImageJ answers one with a modal error dialog, which a {@code -batch} run cannot close (it
	 * hung there, and the documented Log line never came).
	 */
	static void checkMacroNumbers(List<String> keys) {
		String options = Macro.getOptions();
		if (options == null) return;
		for (String key : keys) {
			String v = Macro.getValue(options, key, null);
			if (v != null && Double.isNaN(ij.util.Tools.parseDouble(v)))
				throw new UserError(key + "=" + v + " is not a number; write a number, e.g. " + key + "=" + ("resolution".equals(key) ? "64" : "1") + ".");
		}
	}

	/** Reads the fields in the order {@link #addFields} added them. */
	static SegmentationRequest read(GenericDialog gd) {
		checkMacroNumbers(numericKeys());
		String name = gd.getNextChoice();
		int resolution = (int) gd.getNextNumber();
		int working = (int) gd.getNextNumber();
		if (gd.invalidNumber()) throw new UserError("A number in the M2N2 dialog is not a number.");
		Map<String, String> values;
		if (fromMacro()) values = readAdvancedFields(gd);
		else synchronized (ADVANCED) {
			values = new HashMap<>(ADVANCED);
		}
		Map<String, String> options = new HashMap<>();
		for (BackboneProvider p : Backbones.providers())
			for (BackboneOption o : p.options()) {
				String v = values.get(o.macroKey());
				if (v != null && !v.isEmpty() && !(o.kind() == BackboneOption.Kind.SWITCH && !v.equals("true"))) options.put(o.name(), v);
			}
		BackboneConfig b = new BackboneConfig(name, options);
		Settings s = new Settings();
		PropagationSettings propagation = new PropagationSettings();
		GreyMapping grey;
		try {
			for (Setting d : Settings.ALL) if (values.containsKey(d.key())) s.set(d, d.parse(values.get(d.key())));
			for (Setting d : PropagationSettings.ALL) if (values.containsKey(d.key())) propagation.set(d, d.parse(values.get(d.key())));
			grey = GreyMapping.of(values.getOrDefault(SegmentationRequest.GREY, GreyMapping.DEFAULT.key()));
		} catch (IllegalArgumentException e) {
			throw new UserError(e.getMessage());
		}
		if (b.name().equals(AttentionFileBackbone.NAME) && !b.has(AttentionFileBackbone.ATTENTION))
			throw new UserError("The file backbone needs an attention file (.npy); fill in Attention under Advanced, or pick another backbone.");
		try {
			return new SegmentationRequest(b, resolution, s, working, grey, propagation).validate();
		} catch (IllegalArgumentException e) {
			throw new UserError(e.getMessage());
		}
	}
}
