package io.github.m2n2.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.github.m2n2.backbone.Backbones;

/** The package rules of the README's architecture section, read from the sources. */
class LayeringTest {

	private static final Path MAIN = Paths.get("src/main/java/io/github/m2n2");
	/** Any mention of a project class, imported or written out in full. */
	private static final Pattern NAMED = Pattern.compile("io\\.github\\.m2n2\\.([a-z]+)\\.");
	private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s+(?:static\\s+)?([\\w.]+)");

	private static List<String> violations(String pkg, java.util.function.Predicate<String> allowedImport, List<String> forbiddenPackages) throws IOException {
		List<String> bad = new ArrayList<>();
		try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
			for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
				String text = Files.readString(f, StandardCharsets.UTF_8);
				Matcher m = IMPORT.matcher(text);
				while (m.find()) if (!allowedImport.test(m.group(1))) bad.add(f.getFileName() + " imports " + m.group(1));
				Matcher n = NAMED.matcher(text);
				while (n.find()) if (forbiddenPackages.contains(n.group(1))) bad.add(f.getFileName() + " names io.github.m2n2." + n.group(1));
			}
		}
		return bad;
	}

	@Test
	void engineUsesOnlyTheJdkAndImgLib2() throws IOException {
		assertEquals(List.of(), violations("engine", i -> i.startsWith("java.") || i.startsWith("net.imglib2.")
			|| i.startsWith("io.github.m2n2.engine."), List.of()));
	}

	@Test
	void vectorLoopsUseOnlyTheVectorModuleAndTheEngine() throws IOException {
		// an adapter of the engine's MatrixKernels service: the engine never names it
		assertEquals(List.of(), violations("vector", i -> i.startsWith("java.") || i.startsWith("jdk.incubator.vector.")
			|| i.startsWith("io.github.m2n2.engine."), List.of("cli", "fiji", "sd", "backbone", "batch")));
	}

	@Test
	void fijiDoesNotUseTheCommandLine() throws IOException {
		assertEquals(List.of(), violations("fiji", i -> !i.startsWith("io.github.m2n2.cli."), List.of("cli")));
	}

	@Test
	void backboneDoesNotNameStableDiffusion() throws IOException {
		assertEquals(List.of(), violations("backbone", i -> !i.startsWith("io.github.m2n2.sd.") && !i.startsWith("ai.djl."), List.of("sd", "cli", "fiji")));
	}

	@Test
	void sharedInputPackageDependsOnNoAdapter() throws IOException {
		assertEquals(List.of(), violations("input", i -> true, List.of("cli", "fiji", "sd", "backbone")));
	}

	@Test
	void batchCoreUsesNoAdapter() throws IOException {
		// the command line and the Fiji command are both thin over it
		assertEquals(List.of(), violations("batch", i -> !i.startsWith("io.github.m2n2.cli.") && !i.startsWith("io.github.m2n2.fiji."),
			List.of("cli", "fiji", "sd")));
	}

	@Test
	void everyBackboneIsDiscovered() {
		assertEquals(List.of("embedded", "file", "sd2"), Backbones.NAMES.subList(0, 3));
		assertTrue(Backbones.providers().stream().allMatch(p -> !p.summary().isBlank()));
	}
}
