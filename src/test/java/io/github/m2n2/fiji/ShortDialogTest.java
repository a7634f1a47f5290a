package io.github.m2n2.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.ItemVisibility;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.PluginService;

import ij.ImagePlus;
import ij.gui.PointRoi;

import io.github.m2n2.engine.Setting;
import io.github.m2n2.engine.Settings;

/**
 * The M2N2 command's dialog is the short list: SciJava's input harvester shows exactly the
 * inputs left unresolved (and not messages) when the preprocessors before it have run; the
 * engine settings and backbone options stay inputs that a map (or a macro) sets.
 */
class ShortDialogTest {

	private static Context context;

	@BeforeAll
	static void start() {
		assumeTrue(GraphicsEnvironment.isHeadless(), "headless: a failing check would open a message window");
		context = new Context(CommandService.class, ModuleService.class, PluginService.class);
	}

	@AfterAll
	static void stop() {
		if (context != null) context.dispose();
	}

	/** Runs the discovered preprocessors in priority order, as ModuleRunner does, up to the first cancel. */
	private static Module preprocessed(ImagePlus imp, Object... given) {
		CommandInfo info = context.service(CommandService.class).getCommand(M2N2Command.class);
		Module module = context.service(ModuleService.class).createModule(info);
		module.setInput("imp", imp);
		module.resolveInput("imp");
		for (int i = 0; i < given.length; i += 2) {
			module.setInput((String) given[i], given[i + 1]);
			module.resolveInput((String) given[i]);
		}
		for (PreprocessorPlugin p : context.service(PluginService.class).createInstancesOfType(PreprocessorPlugin.class)) {
			p.process(module);
			if (p.isCanceled()) break;
		}
		return module;
	}

	private static List<String> shown(Module module) {
		List<String> out = new ArrayList<>();
		for (ModuleItem<?> item : module.getInfo().inputs())
			if (!module.isInputResolved(item.getName()) && item.getVisibility() != ItemVisibility.MESSAGE) out.add(item.getName());
		return out;
	}

	private static ImagePlus clicked() {
		ImagePlus imp = TestImages.twoDiscs();
		imp.setRoi(new PointRoi(18, 20));
		return imp;
	}

	@Test
	void theDialogShowsTheShortListAndTheAdvancedButton() {
		Module module = preprocessed(clicked());
		assertEquals(List.of("points", "backbone", "resolution", "working_size", "labels", "rois", "overlay", "advanced"), shown(module));
		for (String name : M2N2Command.ADVANCED_FIELDS) assertTrue(module.isInputResolved(name), name + " is behind Advanced");
	}

	@Test
	void everySettingIsStillAnInputAndAGivenValueIsKept() {
		for (Setting d : Settings.ALL)
			assertTrue(context.service(CommandService.class).getCommand(M2N2Command.class).getInput(d.key()) != null, d.key());
		Module module = preprocessed(clicked(), "theta", 0.7, "samples", 3, "edge", "off", "device", "cpu");
		assertEquals(0.7, module.getInput("theta"));
		assertEquals(3, module.getInput("samples"));
		assertEquals("off", module.getInput("edge"));
		assertEquals("cpu", module.getInput("device"));
		assertEquals(new Settings().sinkhornIterations(), ((Number) module.getInput("sinkhorn")).intValue(), "not given: the default");
	}

	@Test
	void noPointsCancelsBeforeTheDialog() throws Exception {
		Module module = preprocessed(TestImages.twoDiscs());
		CommandModule cm = (CommandModule) module;
		assertTrue(cm.isCanceled());
		assertTrue(cm.getCancelReason().startsWith("No points"), cm.getCancelReason());
		assertFalse(module.isInputResolved("theta"), "stopped at the initializer, before the later preprocessors");

		CommandModule run = context.service(CommandService.class).run(M2N2Command.class, true, "imp", TestImages.twoDiscs()).get();
		assertTrue(run.isCanceled());
		assertTrue(run.getCancelReason().startsWith("No points"), run.getCancelReason());
	}

	@Test
	void givenPointsAreNotCheckedAgainstTheSelection() {
		Module module = preprocessed(TestImages.twoDiscs(), "points", "18,20,1");
		assertFalse(((CommandModule) module).isCanceled());
	}
}
