package io.github.m2n2.fiji;

import org.scijava.Priority;
import org.scijava.module.Module;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Plugin;

/**
 * Keeps the M2N2 command's dialog short: after the command's initializer (InitPreprocessor,
 * priority HIGH) and before inputs are loaded and harvested, every backbone option and engine
 * setting that no macro or inputs map has given is marked resolved, so SciJava's input
 * harvester (which skips resolved inputs) leaves it to the Advanced... button. Its value is
 * this session's Advanced choice, or the field's default. A command cannot resolve its own
 * inputs (it is not the module), hence a preprocessor.
 */
@Plugin(type = PreprocessorPlugin.class, priority = Priority.HIGH - 1)
public class ShortDialogPreprocessor extends AbstractPreprocessorPlugin {

	@Override
	public void process(Module module) {
		if (!(module.getDelegateObject() instanceof M2N2Command)) return;
		M2N2Command command = (M2N2Command) module.getDelegateObject();
		if (command.isCanceled()) return;
		for (String name : M2N2Command.ADVANCED_FIELDS) {
			if (module.getInfo().getInput(name) == null || module.isInputResolved(name)) continue;
			command.startFromAdvanced(name);
			module.resolveInput(name);
		}
	}
}
