package io.github.m2n2.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;

/**
 * Installs into a plain ImageJ 1.54p folder built here (ImageJ's jar from the local Maven
 * repository) and runs the IJ1 segment command from a macro in a separate ImageJ started from
 * that folder, as a user's ImageJ would load it: nothing from this test's class path.
 */
class InstallUiTest {

	@TempDir
	Path tmp;

	@Test
	void plainImageJStartedFromTheFolderRunsTheSegmentCommand() throws Exception {
		assumeTrue(io.github.m2n2.TestDisplay.works(), "needs a display: run the build under xvfb-run (as .ci/run does)");
		Path dir = tmp.resolve("ImageJ");
		Files.createDirectories(dir.resolve("plugins"));
		List<Library> runtime = runtimeDependencies();
		Library ij = runtime.stream().filter(l -> l.artifact.equals("ij")).findFirst().orElseThrow();
		Files.copy(ij.file, dir.resolve("ij.jar"));
		Installation installation = new Installation(dir, s -> { });
		installation.install(PluginJar.of(pluginJar(tmp.resolve("M2N2.jar"))), runtime, false);
		assertTrue(Files.isDirectory(dir.resolve("plugins/jars")));

		Path out = tmp.resolve("labels.tif");
		Path macro = tmp.resolve("segment.ijm");
		Files.writeString(macro, String.join("\n",
			"open('" + Path.of("sample-data", "nuclei.tif").toAbsolutePath() + "');",
			"makeSelection('point', newArray(173, 362), newArray(159, 207));",
			"run('M2N2 Segment (IJ1)', 'resolution=32 labels rois');",
			"saveAs('Tiff', '" + out + "');",
			"print('segmented: ' + getTitle());"));
		String log = runImageJ(dir, macro);
		assertTrue(Files.exists(out), "the macro wrote the label image; ImageJ said: " + log);
		ImagePlus labels = IJ.openImage(out.toString());
		assertNotNull(labels);
		assertEquals(1, labels.getProcessor().get(173, 159));
		assertEquals(1, labels.getProcessor().get(362, 207));
		assertEquals(0, labels.getProcessor().get(496, 8));

		// the folder macro under -batch, as its header says to run it, with one bad file: it reports
		// that file and goes on (no dialog, which would hang a -batch ImageJ)
		Path folder = Files.createDirectories(tmp.resolve("folder"));
		for (String name : new String[] { "bad", "good" }) Files.copy(Path.of("sample-data", "nuclei.tif"), folder.resolve(name + ".tif"));
		Files.writeString(folder.resolve("bad.csv"), "x,y,label\n173,159,1\n9999,5,1\n");
		Files.writeString(folder.resolve("good.csv"), "x,y,label\n173,159,1\n");
		String folderMacro = Files.readString(Path.of("scripts", "m2n2-segment-folder.ijm")).replace("resolution=64", "resolution=16")
			.replace("dir = getArgument();", "dir = '" + folder + "/';");
		Path fm = Files.writeString(tmp.resolve("folder.ijm"), folderMacro);
		String printed = runImageJ(dir, fm);
		assertTrue(Files.exists(folder.resolve("good-labels.tif")), printed);
		assertTrue(!Files.exists(folder.resolve("bad-labels.tif")), printed);
		assertTrue(printed.contains("bad.tif: The point 9999,5 lies outside") && printed.contains("failed on bad.tif")
			&& printed.contains("segmented 1 images"), printed);

		installation.uninstall();
		try (Stream<Path> s = Files.walk(dir)) {
			assertEquals(List.of("", "ij.jar", "plugins"), s.map(p -> dir.relativize(p).toString()).sorted().collect(Collectors.toList()));
		}
	}

	/** {@code java -jar ij.jar -ijpath DIR -batch MACRO} in DIR; returns what it printed. */
	static String runImageJ(Path dir, Path macro) throws IOException, InterruptedException {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process p = new ProcessBuilder(java.toString(), "-Xmx2g", "-jar", "ij.jar", "-ijpath", dir.toString(), "-batch", macro.toString())
			.directory(dir.toFile()).redirectErrorStream(true).start();
		boolean ended = p.waitFor(300, TimeUnit.SECONDS);
		if (!ended) p.destroyForcibly();
		String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(ended, "ImageJ ended by itself; it printed: " + text);
		return text;
	}

	/** The plugin's jar as the build makes it: its classes and resources, and the version Maven would record. */
	static Path pluginJar(Path jar) throws IOException {
		Path classes = Path.of("target", "classes");
		try (OutputStream o = Files.newOutputStream(jar); ZipOutputStream z = new ZipOutputStream(o); Stream<Path> s = Files.walk(classes)) {
			for (Path f : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
				z.putNextEntry(new ZipEntry(classes.relativize(f).toString().replace('\\', '/')));
				Files.copy(f, z);
				z.closeEntry();
			}
			z.putNextEntry(new ZipEntry("META-INF/maven/io.github.m2n2/m2n2-fiji/pom.properties"));
			z.write("version=test\n".getBytes(StandardCharsets.UTF_8));
			z.closeEntry();
		}
		return jar;
	}

	/** This test's class path, less the test libraries: the plugin's runtime dependencies. */
	static List<Library> runtimeDependencies() {
		String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		return PluginJar.dependencies(cp).stream()
			.filter(l -> !l.group.startsWith("org.junit") && !l.group.equals("org.opentest4j") && !l.group.equals("org.apiguardian"))
			.collect(Collectors.toList());
	}

}
