package io.github.m2n2.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.m2n2.backbone.AttentionFileBackbone;
import io.github.m2n2.backbone.BackboneConfig;
import io.github.m2n2.backbone.BackboneOption;
import io.github.m2n2.backbone.BackboneProvider;
import io.github.m2n2.backbone.Backbones;
import io.github.m2n2.engine.Attention;
import io.github.m2n2.input.UserError;

/** Command-line options that choose and configure the attention backbone, from the backbone registry. */
public final class BackboneOptions {

	public static final List<String> NAMES = names(false);
	public static final List<String> SWITCHES = names(true);
	public static final String USAGE = usage();

	private BackboneOptions() { }

	private static List<String> names(boolean switchesOnly) {
		List<String> names = new ArrayList<>();
		if (!switchesOnly) names.addAll(List.of("backbone", "resolution"));
		for (BackboneProvider p : Backbones.providers())
			for (BackboneOption o : p.options())
				if (!switchesOnly || o.kind() == BackboneOption.Kind.SWITCH) names.add(o.name());
		return List.copyOf(names);
	}

	private static String usage() {
		StringBuilder sb = new StringBuilder("Backbone:\n");
		sb.append(line("--backbone " + String.join("|", Backbones.NAMES), "attention source (" + Backbones.NAMES.get(0) + ")"));
		for (BackboneProvider p : Backbones.providers()) sb.append(line("    " + p.name(), p.summary()));
		sb.append(line("--resolution r", "attention grid side, 2.." + Attention.MAX_RESOLUTION + " (default: the backbone's; a file's own)"));
		for (BackboneProvider p : Backbones.providers())
			for (BackboneOption o : p.options()) {
				String value = o.kind() == BackboneOption.Kind.SWITCH ? "" : o.kind() == BackboneOption.Kind.CHOICE ? " " + String.join("|", o.choices())
					: o.kind() == BackboneOption.Kind.PATH ? " PATH" : o.kind() == BackboneOption.Kind.INTEGER ? " N"
					: " " + o.name().toUpperCase(Locale.ROOT).replace('-', '_');
				sb.append(line("--" + o.name() + value, p.name() + ": " + o.help() + (o.defaultValue() == null ? "" : " (" + o.defaultValue() + ")")));
			}
		return sb.toString().stripTrailing();
	}

	private static String line(String left, String right) {
		return String.format(Locale.ROOT, "  %-29s %s%n", left, right);
	}

	public static BackboneConfig config(Args a) {
		String name = a.get("backbone", Backbones.NAMES.get(0)).trim().toLowerCase(Locale.ROOT);
		if (a.has("attention") && a.has("backbone") && !name.equals(AttentionFileBackbone.NAME))
			throw new UserError("--attention reads attention from a file; it cannot be combined with --backbone " + name);
		Map<String, String> values = new LinkedHashMap<>();
		for (BackboneProvider p : Backbones.providers())
			for (BackboneOption o : p.options()) {
				if (!a.has(o.name())) continue;
				try {
					values.put(o.name(), o.kind() == BackboneOption.Kind.SWITCH ? String.valueOf(a.flag(o.name())) : o.check(a.get(o.name())));
				} catch (IllegalArgumentException e) {
					throw new UserError(e.getMessage());
				}
			}
		return new BackboneConfig(name, values);
	}

	/** The requested grid side, or 0 for the backbone's default. */
	public static int resolution(Args a) {
		int r = a.integer("resolution", 0);
		if (a.has("resolution") && (r < 2 || r > Attention.MAX_RESOLUTION))
			throw new UserError("--resolution must lie in 2.." + Attention.MAX_RESOLUTION + " (the attention has r^4 values), got " + r);
		return r;
	}
}
