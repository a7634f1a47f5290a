package io.github.m2n2.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.scijava.plugin.Parameter;

import io.github.m2n2.backbone.BackboneOption;
import io.github.m2n2.backbone.Backbones;
import io.github.m2n2.engine.Attention;
import io.github.m2n2.engine.Setting;
import io.github.m2n2.engine.Settings;

/**
 * The Fiji command's explicit {@code @Parameter} fields match the engine's setting
 * descriptions one to one: a setting added to {@link Settings#ALL} without its field (or a
 * field whose label, help, default or range drifted) fails here.
 */
class SettingsParityTest {

	private static final List<String> NOT_ENGINE = new ArrayList<>(List.of("imp", "legend", "points", "planes", "backbone", "resolution",
		"working_size", "labels", "rois", "overlay", "advanced", "grey", "labelimage", "objects", "prompts", "log"));
	static {
		NOT_ENGINE.addAll(M2N2Command.BACKBONE_OPTION_FIELDS);
	}

	@Test
	void everySettingHasItsParameterAndNoMore() throws Exception {
		M2N2Command command = new M2N2Command();
		List<String> engineFields = new ArrayList<>();
		for (Field f : M2N2Command.class.getDeclaredFields())
			if (f.isAnnotationPresent(Parameter.class) && !NOT_ENGINE.contains(f.getName())) engineFields.add(f.getName());
		List<Setting> described = new ArrayList<>(Settings.ALL);
		described.addAll(io.github.m2n2.engine.stack.PropagationSettings.ALL);
		List<String> keys = new ArrayList<>();
		for (Setting d : described) keys.add(d.key());
		assertEquals(keys, engineFields, "the command's engine and propagation parameters, in order, are the settings' keys");

		for (Setting d : described) {
			Field f = M2N2Command.class.getDeclaredField(d.key());
			Parameter p = f.getAnnotation(Parameter.class);
			assertEquals(d.label(), p.label(), d.key());
			assertEquals(d.help(), p.description(), d.key());
			f.setAccessible(true);
			Object value = f.get(command);
			if (d.choices().isEmpty()) {
				assertEquals(d.kind() == Setting.Kind.INTEGER ? int.class : double.class, f.getType(), d.key());
				assertEquals(d.defaultValue(), ((Number) value).doubleValue(), d.key());
				assertTrue(!p.min().isEmpty() && d.accepts(Double.parseDouble(p.min())), d.key() + ": min lies in the range");
				if (d.minInclusive()) assertEquals(d.format(d.min()), p.min(), d.key());
				if (!p.max().isEmpty()) assertTrue(d.accepts(Double.parseDouble(p.max())), d.key() + ": max lies in the range");
				if (d.max() != Double.POSITIVE_INFINITY) assertTrue(!p.max().isEmpty(), d.key() + " has a max");
			} else {
				assertEquals(String.class, f.getType(), d.key());
				assertEquals(d.format(d.defaultValue()), value, d.key());
				assertArrayEquals(d.choices().toArray(new String[0]), p.choices(), d.key());
			}
		}
	}

	@Test
	void backboneChoicesAreTheRegistry() throws Exception {
		Parameter p = M2N2Command.class.getDeclaredField("backbone").getAnnotation(Parameter.class);
		assertNotNull(p);
		assertEquals(new java.util.TreeSet<>(Backbones.NAMES), new java.util.TreeSet<>(List.of(p.choices())));
	}

	@Test
	void backboneOptionFieldsAreDeclaredOptions() throws Exception {
		for (String name : M2N2Command.BACKBONE_OPTION_FIELDS) {
			BackboneOption o = Backbones.option(name);
			assertNotNull(o, name + " is an option of a discovered backbone");
			Parameter p = M2N2Command.class.getDeclaredField(name).getAnnotation(Parameter.class);
			if (o.kind() == BackboneOption.Kind.CHOICE) assertArrayEquals(o.choices().toArray(new String[0]), p.choices(), name);
		}
		// every option of the embedded backbone: a field named by its macro key, with its label, help and default
		for (BackboneOption o : Backbones.provider(io.github.m2n2.backbone.EmbeddedBackbone.NAME).options()) {
			Field f = M2N2Command.class.getDeclaredField(o.macroKey());
			Parameter p = f.getAnnotation(Parameter.class);
			assertEquals(o.label(), p.label(), o.name());
			assertEquals(o.help(), p.description(), o.name());
			f.setAccessible(true);
			assertEquals(o.defaultValue(), f.get(new M2N2Command()), o.name());
			assertTrue(M2N2Command.BACKBONE_OPTION_FIELDS.contains(o.macroKey()) && M2N2Command.ADVANCED_FIELDS.contains(o.macroKey()),
				o.name() + " is read and behind Advanced");
		}
		Parameter r = M2N2Command.class.getDeclaredField("resolution").getAnnotation(Parameter.class);
		assertEquals(String.valueOf(Attention.MAX_RESOLUTION), r.max());
	}

	@Test
	void greyChoicesAndDefaultAreTheCommandLines() throws Exception {
		java.lang.reflect.Field f = M2N2Command.class.getDeclaredField(SegmentationRequest.GREY);
		Parameter p = f.getAnnotation(Parameter.class);
		assertArrayEquals(SegmentationRequest.GREY_CHOICES, p.choices());
		for (String c : p.choices()) assertEquals(c, io.github.m2n2.io.ImagePlusGuide.GreyMapping.of(c).key());
		f.setAccessible(true);
		assertEquals(io.github.m2n2.io.ImagePlusGuide.GreyMapping.DEFAULT.key(), f.get(new M2N2Command()));
		assertTrue(M2N2Command.ADVANCED_FIELDS.contains(SegmentationRequest.GREY), "behind Advanced");
	}

	@Test
	void theIj1DialogHasAFieldPerSettingWithItsMacroKey() {
		List<Setting> described = new ArrayList<>(Settings.ALL);
		described.addAll(io.github.m2n2.engine.stack.PropagationSettings.ALL);
		for (Setting d : described) {
			String label = d.dialogLabel();
			String macroKey = label.split(" ")[0].toLowerCase();
			assertEquals(d.key(), macroKey, "GenericDialog key of " + label);
		}
	}
}
