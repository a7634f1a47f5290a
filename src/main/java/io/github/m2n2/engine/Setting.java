package io.github.m2n2.engine;

import java.util.List;
import java.util.Locale;

/**
 * The one description of an engine setting: its names, default, allowed range, help text and
 * what a change invalidates. The command line, its help, the ImageJ 1.x dialog, the Fiji
 * command's check, {@link Settings#validate()}, the session's cache invalidation and the Fiji
 * cache keys are all derived from the list {@link Settings#ALL}; see the README recipe
 * "Adding a setting". Values are held as doubles: integers, on/off (1/0) and choices (their
 * index) are exact in a double, which keeps {@link Settings} one flat array.
 */
public final class Setting {

	/** How the value is typed and shown. */
	public enum Kind { REAL, INTEGER, ON_OFF, CHOICE }

	/**
	 * The earliest stage of the engine that a change of this setting invalidates; every later
	 * stage is recomputed too. In pipeline order.
	 */
	public enum Effect {
		/** The prepared transition matrix (attention, temperature, Sinkhorn): docs/algorithm.md section 3. */
		TRANSITION_MATRIX,
		/** Each point's Markov-map, upsampled distance map and flood fill: sections 4 to 6. */
		DISTANCE_MAPS,
		/** The per-point threshold profile (area prior, edge term): section 7. */
		POINT_PROFILES,
		/** Only the scores that combine points (pos and neg terms): section 7. */
		SCORES,
		/**
		 * Only how clicks travel between the planes of a stack ({@code
		 * engine.stack.PropagationSettings}); nothing cached for a plane changes.
		 */
		PROPAGATION
	}

	final int index;
	private final String key, option, label, help;
	private final Kind kind;
	private final double defaultValue, min, max;
	private final boolean minInclusive, maxInclusive;
	private final List<String> choices;
	private final Effect effect;

	private Setting(Builder b, int index) {
		this.index = index;
		key = b.key;
		option = b.option;
		label = b.label;
		help = b.help;
		kind = b.kind;
		defaultValue = b.defaultValue;
		min = b.min;
		max = b.max;
		minInclusive = b.minInclusive;
		maxInclusive = b.maxInclusive;
		choices = b.choices;
		effect = b.effect;
		if (key == null || option == null || label == null || help == null || effect == null)
			throw new IllegalStateException("setting " + key + " misses a name, label, help text or effect");
		if (!accepts(defaultValue)) throw new IllegalStateException("the default of " + key + " is outside its range");
	}

	/** Macro and SciJava parameter key, e.g. {@code theta}; unique, a Java identifier. */
	public String key() { return key; }
	/** Command-line option without dashes, e.g. {@code markov-threshold}. */
	public String option() { return option; }
	/** Human name, e.g. {@code Markov threshold}; the Fiji command's parameter label. */
	public String label() { return label; }
	/** One line of help, without the default (which {@link #usageLine()} appends). */
	public String help() { return help; }
	public Kind kind() { return kind; }
	public Effect effect() { return effect; }
	public double defaultValue() { return defaultValue; }
	/** Lower bound (see {@link #minInclusive()}); {@code -Infinity} when there is none. */
	public double min() { return min; }
	public double max() { return max; }
	public boolean minInclusive() { return minInclusive; }
	public boolean maxInclusive() { return maxInclusive; }
	/** The choice names of a {@link Kind#CHOICE} (value = index) or {@link Kind#ON_OFF} ("on", "off"); else empty. */
	public List<String> choices() { return choices; }

	/**
	 * The ImageJ 1.x dialog label: the macro key first (GenericDialog keys are the label's
	 * first word), then the human name where it says more.
	 */
	public String dialogLabel() {
		String first = Character.toUpperCase(key.charAt(0)) + key.substring(1);
		String spoken = key.replace('_', ' ');
		if (label.toLowerCase(Locale.ROOT).startsWith(spoken)) return first + label.substring(spoken.length());
		return first + " (" + label + ")";
	}

	/** The command-line help line, e.g. {@code --temperature T   attention temperature (0.65)}. */
	public String usageLine() {
		String value = kind == Kind.ON_OFF || kind == Kind.CHOICE ? String.join("|", choices) : kind == Kind.INTEGER ? "N" : "X";
		return String.format(Locale.ROOT, "  %-28s %s (%s)", "--" + option + " " + value, help, format(defaultValue));
	}

	public boolean accepts(double v) {
		if (Double.isNaN(v)) return false;
		if (kind == Kind.INTEGER && v != Math.rint(v)) return false;
		if (kind == Kind.ON_OFF) return v == 0 || v == 1;
		if (kind == Kind.CHOICE) return v == Math.rint(v) && v >= 0 && v < choices.size();
		boolean aboveMin = minInclusive ? v >= min : v > min;
		boolean belowMax = maxInclusive ? v <= max : v < max;
		return aboveMin && belowMax && (kind != Kind.REAL || Double.isFinite(v));
	}

	/** The setting's position in its list ({@link Settings#ALL}, ...). */
	public int index() { return index; }

	/** @throws IllegalArgumentException naming the setting and its range */
	public void check(double v) {
		if (!accepts(v)) throw new IllegalArgumentException(label + " must " + rangeText() + ", got " + format(v) + ".");
	}

	/** The allowed values in words, for messages. */
	public String rangeText() {
		if (kind == Kind.ON_OFF || kind == Kind.CHOICE) return "be one of " + String.join(", ", choices);
		boolean lower = min != Double.NEGATIVE_INFINITY, upper = max != Double.POSITIVE_INFINITY;
		String what = kind == Kind.INTEGER ? "a whole number" : "a number";
		if (lower && upper) return "be " + what + " in " + (minInclusive ? "[" : "(") + plain(min) + ", " + plain(max) + (maxInclusive ? "]" : ")");
		if (lower) return "be " + what + (minInclusive ? " of at least " : " above ") + plain(min);
		if (upper) return "be " + what + (maxInclusive ? " of at most " : " below ") + plain(max);
		return "be " + what;
	}

	private static String plain(double v) {
		return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
	}

	/** The value as users write it: {@code 0.65}, {@code 200}, {@code on}, {@code fast}. */
	public String format(double v) {
		switch (kind) {
			case ON_OFF:
				return v == 1 ? "on" : v == 0 ? "off" : String.valueOf(v);
			case CHOICE:
				return v == Math.rint(v) && v >= 0 && v < choices.size() ? choices.get((int) v) : String.valueOf(v);
			case INTEGER:
				return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
			default:
				return String.valueOf(v);
		}
	}

	/**
	 * Reads a value as users write it; does not check the range ({@link Settings#validate()} does).
	 * @throws IllegalArgumentException naming the setting and what it takes
	 */
	public double parse(String text) {
		String t = text.trim();
		if (kind == Kind.ON_OFF) {
			switch (t.toLowerCase(Locale.ROOT)) {
				case "on": case "true": case "yes": case "1": return 1;
				case "off": case "false": case "no": case "0": return 0;
				default: break;
			}
		}
		if (kind == Kind.ON_OFF || kind == Kind.CHOICE) {
			int i = choices.indexOf(t.toLowerCase(Locale.ROOT));
			if (i < 0) throw new IllegalArgumentException(label + " needs " + String.join(" or ", choices) + ", got '" + text + "'.");
			return i;
		}
		try {
			double v = kind == Kind.INTEGER ? Integer.parseInt(t) : Double.parseDouble(t);
			return v;
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException(label + " needs " + (kind == Kind.INTEGER ? "a whole number" : "a number") + ", got '" + text + "'.");
		}
	}

	@Override
	public String toString() { return key; }

	/** Starts a description; the list it belongs to ({@link Settings#ALL}, ...) numbers it with {@link Builder#build}. */
	public static Builder real(String key, double defaultValue) { return new Builder(key, Kind.REAL, defaultValue); }
	public static Builder integer(String key, int defaultValue) { return new Builder(key, Kind.INTEGER, defaultValue); }
	static Builder onOff(String key, boolean defaultValue) { return new Builder(key, Kind.ON_OFF, defaultValue ? 1 : 0).choices("on", "off"); }
	static Builder choice(String key, int defaultIndex, String... choices) { return new Builder(key, Kind.CHOICE, defaultIndex).choices(choices); }

	/** Fills a description field by field, so each entry of {@link Settings} reads as a sentence. */
	public static final class Builder {
		private final String key;
		private final Kind kind;
		private final double defaultValue;
		private String option, label, help;
		private double min = Double.NEGATIVE_INFINITY, max = Double.POSITIVE_INFINITY;
		private boolean minInclusive = true, maxInclusive = true;
		private List<String> choices = List.of();
		private Effect effect;

		private Builder(String key, Kind kind, double defaultValue) {
			this.key = key;
			this.kind = kind;
			this.defaultValue = defaultValue;
			this.option = key.replace('_', '-');
		}

		public Builder option(String o) { option = o; return this; }
		public Builder label(String l) { label = l; return this; }
		public Builder help(String h) { help = h; return this; }
		public Builder atLeast(double v) { min = v; minInclusive = true; return this; }
		public Builder above(double v) { min = v; minInclusive = false; return this; }
		public Builder atMost(double v) { max = v; maxInclusive = true; return this; }
		public Builder below(double v) { max = v; maxInclusive = false; return this; }
		public Builder invalidates(Effect e) { effect = e; return this; }
		private Builder choices(String... c) { choices = List.of(c); return this; }

		/** @param index the setting's position in its list, where its value is kept */
		public Setting build(int index) { return new Setting(this, index); }
	}
}
