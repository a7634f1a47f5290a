package io.github.m2n2.backbone;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What a user chose for the attention source, shared by the command line and the Fiji
 * commands: a backbone name and option values by option name (see {@link BackboneOption}).
 * Immutable; options a backbone does not declare are ignored by it.
 */
public final class BackboneConfig {

	private final String name;
	private final Map<String, String> values;

	/** The default backbone with default options. */
	public BackboneConfig() {
		this(EmbeddedBackbone.NAME, Map.of());
	}

	public BackboneConfig(String name, Map<String, String> values) {
		this.name = name == null || name.isBlank() ? EmbeddedBackbone.NAME : name.trim().toLowerCase(java.util.Locale.ROOT);
		Map<String, String> copy = new LinkedHashMap<>();
		values.forEach((k, v) -> { if (v != null) copy.put(k, v); });
		this.values = Map.copyOf(copy);
	}

	/** The name as chosen. */
	public String name() { return name; }

	/** A copy with one option set (null removes it). */
	public BackboneConfig with(String option, String value) {
		Map<String, String> v = new LinkedHashMap<>(values);
		if (value == null) v.remove(option);
		else v.put(option, value);
		return new BackboneConfig(name, v);
	}

	/** Whether the user gave this option (rather than leaving its default). */
	public boolean has(String option) { return values.containsKey(option); }

	/** The option's value, or its declared default; null when neither. */
	public String get(String option) {
		String v = values.get(option);
		if (v != null) return v;
		BackboneOption o = Backbones.option(option);
		return o == null ? null : o.defaultValue();
	}

	public Path path(String option) {
		String v = get(option);
		return v == null || v.isBlank() ? null : Path.of(v);
	}

	public boolean flag(String option) {
		String v = get(option);
		return v != null && !v.equalsIgnoreCase("false") && !v.equalsIgnoreCase("off");
	}

	/** @throws BackboneException naming the option when the value is no whole number */
	public int integer(String option) throws BackboneException {
		String v = get(option);
		try {
			return Integer.parseInt(v.trim());
		} catch (RuntimeException e) {
			throw new BackboneException(BackboneOption.spelled(option) + " needs a whole number, got '" + v + "'.");
		}
	}

	/** The backbone implied when only an attention file is given. */
	public String effectiveName() {
		if (path(AttentionFileBackbone.ATTENTION) != null && name.equals(EmbeddedBackbone.NAME)) return AttentionFileBackbone.NAME;
		return name;
	}

	/**
	 * Identifies a loaded backbone: the effective name and the values of the options that
	 * backbone declares, so images with equal keys can share one loaded model.
	 */
	public String key() {
		String n = effectiveName();
		StringJoiner j = new StringJoiner("|");
		j.add(n);
		BackboneProvider p = Backbones.provider(n);
		if (p != null) for (BackboneOption o : p.options()) j.add(o.name() + "=" + get(o.name()));
		return j.toString();
	}

	@Override
	public String toString() { return key(); }
}
