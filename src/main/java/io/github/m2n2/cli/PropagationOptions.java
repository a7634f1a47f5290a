package io.github.m2n2.cli;

import java.util.List;

import io.github.m2n2.engine.Setting;
import io.github.m2n2.engine.stack.PropagationSettings;
import io.github.m2n2.input.UserError;

/** The command-line options of the stack propagation settings, derived from {@link PropagationSettings#ALL}. */
public final class PropagationOptions {

	public static final List<String> NAMES = EngineOptions.names(PropagationSettings.ALL);

	public static final String USAGE = EngineOptions.usage("Propagation through a stack:", PropagationSettings.ALL);

	private PropagationOptions() { }

	public static PropagationSettings settings(Args a) {
		PropagationSettings s = new PropagationSettings();
		for (Setting d : PropagationSettings.ALL) {
			String text = a.get(d.option());
			if (text != null) s.set(d, EngineOptions.value(d, text));
		}
		try {
			return s.validate();
		} catch (IllegalArgumentException e) {
			throw new UserError(e.getMessage());
		}
	}
}
