package io.github.m2n2.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.m2n2.engine.Setting;
import io.github.m2n2.engine.Settings;
import io.github.m2n2.input.UserError;

/** Every engine setting is an option, in the help and in the README's table. */
class EngineOptionsTest {

	private static Args args(String... argv) {
		return Args.parse(argv, List.of(), EngineOptions.NAMES);
	}

	@Test
	void everySettingIsAnOptionThatSetsIt() {
		for (Setting d : Settings.ALL) {
			assertTrue(EngineOptions.USAGE.contains("--" + d.option() + " "), d.option() + " in the help");
			double other = d.kind() == Setting.Kind.ON_OFF ? 1 - d.defaultValue()
				: d.kind() == Setting.Kind.CHOICE ? (d.defaultValue() + 1) % d.choices().size()
				: d.kind() == Setting.Kind.INTEGER ? d.defaultValue() + 1 : d.defaultValue() * 0.9;
			Settings s = EngineOptions.settings(args("--" + d.option(), d.format(other)));
			assertEquals(other, s.get(d), d.option());
		}
	}

	@Test
	void badValuesNameTheOption() {
		UserError e = assertThrows(UserError.class, () -> EngineOptions.settings(args("--markov-threshold", "1.5")));
		assertEquals("--markov-threshold must be a number in (0, 1), got 1.5", e.getMessage());
		e = assertThrows(UserError.class, () -> EngineOptions.settings(args("--upsampling", "quick")));
		assertEquals("--upsampling needs exact or fast or refined, got 'quick'", e.getMessage());
	}

	@Test
	void theReadmeListsEveryOption() throws Exception {
		String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
		List<String> missing = new ArrayList<>();
		for (Setting d : Settings.ALL) if (!readme.contains("`--" + d.option())) missing.add(d.option());
		assertEquals(List.of(), missing, "README engine settings table");
	}
}
