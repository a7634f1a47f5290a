package io.github.m2n2.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.m2n2.input.UserError;

/**
 * {@code --name value} options, repeatable, plus valueless switches the command declares.
 * Every option the command did not declare is refused, so a typo never silently falls back to a
 * default.
 */
public final class Args {

	private final Map<String, List<String>> values = new LinkedHashMap<>();

	private Args() { }

	/**
	 * @param switches options that take no value
	 * @param known    every option (switches included) the command understands
	 */
	public static Args parse(String[] argv, Collection<String> switches, Collection<String> known) {
		Args a = new Args();
		for (int i = 0; i < argv.length; i++) {
			String token = argv[i];
			if (!token.startsWith("--") || token.length() == 2)
				throw new UserError("unexpected argument '" + token + "'; options look like --name value (see --help)");
			String name = token.substring(2);
			String value = null;
			int eq = name.indexOf('=');
			if (eq >= 0) {
				value = name.substring(eq + 1);
				name = name.substring(0, eq);
			}
			if (!known.contains(name)) throw new UserError("unknown option --" + name + " (see --help)");
			if (switches.contains(name)) {
				if (value != null) throw new UserError("--" + name + " takes no value");
				value = "true";
			} else if (value == null) {
				if (i + 1 >= argv.length) throw new UserError("--" + name + " needs a value");
				value = argv[++i];
			}
			a.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
		}
		return a;
	}

	public boolean has(String name) { return values.containsKey(name); }

	public List<String> all(String name) { return values.getOrDefault(name, List.of()); }

	/** The single value of an option, or null when absent; given twice is an error. */
	public String get(String name) {
		List<String> v = values.get(name);
		if (v == null) return null;
		if (v.size() > 1) throw new UserError("--" + name + " is given " + v.size() + " times; give it once");
		return v.get(0);
	}

	public String require(String name) {
		String v = get(name);
		if (v == null) throw new UserError("--" + name + " is required (see --help)");
		return v;
	}

	public String get(String name, String fallback) {
		String v = get(name);
		return v == null ? fallback : v;
	}

	public Path path(String name) {
		String v = get(name);
		return v == null ? null : Path.of(v);
	}

	public int integer(String name, int fallback) {
		String v = get(name);
		if (v == null) return fallback;
		try {
			return Integer.parseInt(v.trim());
		} catch (NumberFormatException e) {
			throw new UserError("--" + name + " needs a whole number, got '" + v + "'");
		}
	}

	public double number(String name, double fallback) {
		String v = get(name);
		if (v == null) return fallback;
		try {
			double d = Double.parseDouble(v.trim());
			if (!Double.isFinite(d)) throw new NumberFormatException();
			return d;
		} catch (NumberFormatException e) {
			throw new UserError("--" + name + " needs a number, got '" + v + "'");
		}
	}

	/** on/off, true/false, yes/no. */
	public boolean onOff(String name, boolean fallback) {
		String v = get(name);
		if (v == null) return fallback;
		switch (v.trim().toLowerCase()) {
			case "on": case "true": case "yes": case "1": return true;
			case "off": case "false": case "no": case "0": return false;
			default: throw new UserError("--" + name + " needs on or off, got '" + v + "'");
		}
	}

	public boolean flag(String name) { return has(name); }

	static Set<String> union(Collection<String> a, Collection<String> b) {
		Set<String> s = new java.util.LinkedHashSet<>(a);
		s.addAll(b);
		return s;
	}
}
