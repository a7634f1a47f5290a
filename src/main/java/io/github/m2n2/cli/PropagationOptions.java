package io.github.m2n2.cli;

import java.util.List;

import io.github.m2n2.input.UserError;
import io.github.m2n2.engine.stack.PropagationSettings;

/** Command-line names of the stack propagation settings. */
public final class PropagationOptions {

	public static final List<String> NAMES = List.of("min-overlap", "clicks-per-object", "background-clicks");

	/** Defaults come from {@link PropagationSettings} itself, so they are written once. */
	public static final String USAGE = usage(new PropagationSettings());

	private static String usage(PropagationSettings d) {
		return String.join("\n",
			"Propagation through a stack:",
			"  --min-overlap F            an object carried onto a plane ends there below this IoU with the plane before (" + d.minOverlap() + ")",
			"  --clicks-per-object N      most clicks derived from one object's region per plane (" + d.clicksPerObject() + ")",
			"  --background-clicks N      most background clicks derived per plane (" + d.backgroundClicks() + ")");
	}

	private PropagationOptions() { }

	public static PropagationSettings settings(Args a) {
		PropagationSettings s = new PropagationSettings();
		s.minOverlap(a.number("min-overlap", s.minOverlap()));
		s.clicksPerObject(a.integer("clicks-per-object", s.clicksPerObject()));
		s.backgroundClicks(a.integer("background-clicks", s.backgroundClicks()));
		try {
			return s.validate();
		} catch (IllegalArgumentException e) {
			throw new UserError(e.getMessage());
		}
	}
}
