package io.github.m2n2.cli;

import java.util.ArrayList;
import java.util.List;

import io.github.m2n2.engine.Setting;
import io.github.m2n2.engine.Settings;
import io.github.m2n2.input.UserError;

/** The command-line options of the engine settings, derived from {@link Settings#ALL}. */
public final class EngineOptions {

	public static final List<String> NAMES = names();

	public static final String USAGE = usage();

	private EngineOptions() { }

	private static List<String> names() {
		return names(Settings.ALL);
	}

	private static String usage() {
		return usage("Engine settings (published defaults):", Settings.ALL);
	}

	/** The options of described settings, without dashes. */
	static List<String> names(List<Setting> described) {
		List<String> names = new ArrayList<>();
		for (Setting s : described) names.add(s.option());
		return List.copyOf(names);
	}

	/** A heading and one help line per described setting. */
	static String usage(String heading, List<Setting> described) {
		StringBuilder sb = new StringBuilder(heading);
		for (Setting s : described) sb.append('\n').append(s.usageLine());
		return sb.toString();
	}

	public static Settings settings(Args a) {
		Settings s = new Settings();
		for (Setting d : Settings.ALL) {
			String text = a.get(d.option());
			if (text != null) s.set(d, value(d, text));
		}
		return s.validate();
	}

	/**
	 * The value of a described setting given on the command line as {@code --option text}.
	 * @throws UserError naming the option and what it takes
	 */
	static double value(Setting d, String text) {
		double v;
		try {
			v = d.parse(text);
		} catch (IllegalArgumentException e) {
			throw new UserError("--" + d.option() + " needs " + (d.choices().isEmpty() ? d.kind() == Setting.Kind.INTEGER ? "a whole number" : "a number"
				: String.join(" or ", d.choices())) + ", got '" + text + "'");
		}
		if (!d.accepts(v)) throw new UserError("--" + d.option() + " must " + d.rangeText() + ", got " + text.trim());
		return v;
	}
}
