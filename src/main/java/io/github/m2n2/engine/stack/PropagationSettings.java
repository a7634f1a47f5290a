package io.github.m2n2.engine.stack;

import java.util.List;
import java.util.StringJoiner;

import io.github.m2n2.engine.Setting;

/**
 * How clicks are carried from plane to plane and when an object stops. The user settings are
 * described once, in {@link #ALL}, like the engine's {@code Settings.ALL}: the command line, the
 * Fiji command's fields and the ImageJ 1.x dialog derive from that list.
 */
public final class PropagationSettings {

	public static final Setting MIN_OVERLAP = Setting.real("min_overlap", 0.5).label("Min overlap")
		.help("an object carried onto a plane ends there below this IoU with its region on the plane before").atLeast(0).atMost(1)
		.invalidates(Setting.Effect.PROPAGATION).build(0);
	public static final Setting CLICKS_PER_OBJECT = Setting.integer("clicks_per_object", 3).label("Clicks per object")
		.help("most clicks derived from one object's region per plane (more for long or large regions)").atLeast(1).atMost(64)
		.invalidates(Setting.Effect.PROPAGATION).build(1);
	public static final Setting BACKGROUND_CLICKS = Setting.integer("background_clicks", 2).label("Background clicks")
		.help("most background clicks derived per plane from the background of the plane before").atLeast(0).atMost(64)
		.invalidates(Setting.Effect.PROPAGATION).build(2);

	/** A compile-time constant, so that the Fiji command's parameter annotation can say the same. */
	public static final String MIN_CONTRAST_HELP = "an object carried onto a plane ends there when it stands out from the background"
		+ " by less than this share of its contrast on the plane before (0: off)";
	public static final Setting MIN_CONTRAST = Setting.real("min_contrast", 0.5).label("Min contrast").help(MIN_CONTRAST_HELP)
		.atLeast(0).atMost(1).invalidates(Setting.Effect.PROPAGATION).build(3);

	/** Every user setting of propagation, in the order dialogs show them. */
	public static final List<Setting> ALL = List.of(MIN_OVERLAP, CLICKS_PER_OBJECT, BACKGROUND_CLICKS, MIN_CONTRAST);

	private final double[] values = new double[ALL.size()];
	private double memoryFraction = 0.4;

	public PropagationSettings() {
		for (Setting s : ALL) values[s.index()] = s.defaultValue();
	}

	public PropagationSettings copy() {
		PropagationSettings s = new PropagationSettings();
		System.arraycopy(values, 0, s.values, 0, values.length);
		s.memoryFraction = memoryFraction;
		return s;
	}

	/** @throws IllegalArgumentException naming the first setting out of range */
	public PropagationSettings validate() {
		for (Setting s : ALL) s.check(values[s.index()]);
		if (!(memoryFraction > 0 && memoryFraction <= 0.9)) throw new IllegalArgumentException("the memory fraction for cached planes must lie in (0, 0.9], got " + memoryFraction + ".");
		return this;
	}

	public double get(Setting s) { return values[index(s)]; }

	/** Sets a value; {@link #validate()} checks it. */
	public PropagationSettings set(Setting s, double v) {
		values[index(s)] = v;
		return this;
	}

	private static int index(Setting s) {
		if (s.index() >= ALL.size() || ALL.get(s.index()) != s) throw new IllegalArgumentException(s.key() + " is not a propagation setting");
		return s.index();
	}

	/** {@code key=value|...} of every setting: what a cached propagation depends on. */
	public String key() {
		StringJoiner j = new StringJoiner("|");
		for (Setting s : ALL) j.add(s.key() + "=" + s.format(values[s.index()]));
		return j.toString();
	}

	/**
	 * An object carried onto a plane ends there when its region is empty or overlaps its region
	 * on the plane before by less than this IoU (it left the volume, the field, or was lost).
	 */
	public double minOverlap() { return get(MIN_OVERLAP); }
	public PropagationSettings minOverlap(double v) { return set(MIN_OVERLAP, v); }

	/** Most clicks derived from one object's region (the interior-most one and spread ones). */
	public int clicksPerObject() { return (int) get(CLICKS_PER_OBJECT); }
	public PropagationSettings clicksPerObject(int v) { return set(CLICKS_PER_OBJECT, v); }

	/**
	 * An object carried onto a plane ends there when its region stands out from that plane's
	 * background (mean guide inside minus outside) by less than this share of how it stood out on
	 * the plane before: it has faded out. 0 turns the check off.
	 */
	public double minContrast() { return get(MIN_CONTRAST); }
	public PropagationSettings minContrast(double v) { return set(MIN_CONTRAST, v); }

	/** Most background clicks derived from the background of the plane before. */
	public int backgroundClicks() { return (int) get(BACKGROUND_CLICKS); }
	public PropagationSettings backgroundClicks(int v) { return set(BACKGROUND_CLICKS, v); }

	/**
	 * Share of the maximum heap that prepared planes (transition matrix and cached maps) may
	 * occupy; beyond it the least recently used plane is dropped and prepared again when needed.
	 * Not a user setting: it follows from the memory ImageJ or Java was given.
	 */
	public double memoryFraction() { return memoryFraction; }
	public PropagationSettings memoryFraction(double v) { memoryFraction = v; return this; }
}
