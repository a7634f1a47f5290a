package io.github.m2n2.backbone;

import java.util.List;
import java.util.Locale;

/**
 * One option a backbone takes, described once: the command line ({@code --name}), its help and
 * the ImageJ 1.x dialog are derived from the options that the {@link BackboneProvider}s list.
 * Values travel as text in a {@link BackboneConfig}; the backbone reads and checks them.
 */
public final class BackboneOption {

	public enum Kind { TEXT, PATH, INTEGER, CHOICE, SWITCH }

	private final String name, label, help, defaultValue;
	private final Kind kind;
	private final List<String> choices;

	private BackboneOption(String name, Kind kind, String defaultValue, List<String> choices, String label, String help) {
		this.name = name;
		this.kind = kind;
		this.defaultValue = defaultValue;
		this.choices = choices;
		this.label = label;
		this.help = help;
	}

	public static BackboneOption text(String name, String defaultValue, String label, String help) {
		return new BackboneOption(name, Kind.TEXT, defaultValue, List.of(), label, help);
	}

	public static BackboneOption path(String name, String label, String help) {
		return new BackboneOption(name, Kind.PATH, null, List.of(), label, help);
	}

	public static BackboneOption integer(String name, int defaultValue, String label, String help) {
		return new BackboneOption(name, Kind.INTEGER, String.valueOf(defaultValue), List.of(), label, help);
	}

	/** The first choice is the default. */
	public static BackboneOption choice(String name, List<String> choices, String label, String help) {
		return new BackboneOption(name, Kind.CHOICE, choices.get(0), List.copyOf(choices), label, help);
	}

	/** Off unless given. */
	public static BackboneOption toggle(String name, String label, String help) {
		return new BackboneOption(name, Kind.SWITCH, null, List.of(), label, help);
	}

	/** Command-line option without dashes, e.g. {@code layer-weights}. */
	public String name() { return name; }
	public Kind kind() { return kind; }
	/** The value when none is given; null for none. */
	public String defaultValue() { return defaultValue; }
	public List<String> choices() { return choices; }
	public String label() { return label; }
	public String help() { return help; }

	/** The ImageJ 1.x dialog and macro key: the name with underscores, e.g. {@code layer_weights}. */
	public String macroKey() { return name.replace('-', '_'); }

	/**
	 * An option as messages name it, in both spellings: the command line's and Fiji's macro key
	 * ({@code --object-size (Fiji: object_size)}), since the same message reaches both.
	 */
	public static String spelled(String name) {
		return "--" + name + " (Fiji: " + name.replace('-', '_') + ")";
	}

	/** @return the value to store, checked for choices and whole numbers; throws naming the option */
	public String check(String value) {
		if (value == null) return null;
		String v = value.trim();
		if (kind == Kind.CHOICE) {
			v = v.toLowerCase(Locale.ROOT);
			if (!choices.contains(v)) throw new IllegalArgumentException(spelled(name) + " needs " + String.join(", ", choices.subList(0, choices.size() - 1))
				+ " or " + choices.get(choices.size() - 1) + ", got '" + value + "'");
		} else if (kind == Kind.INTEGER) {
			try {
				Integer.parseInt(v);
			} catch (NumberFormatException e) {
				throw new IllegalArgumentException(spelled(name) + " needs a whole number, got '" + value + "'");
			}
		}
		return v;
	}
}
