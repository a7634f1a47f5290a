package io.github.m2n2.install;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallationTest {

	@TempDir
	Path tmp;

	private Path repo;
	private Library plugin;
	private List<Library> runtime;
	private final List<String> said = new ArrayList<>();

	@BeforeEach
	void repository() throws IOException {
		repo = tmp.resolve("m2").resolve("repository");
		plugin = PluginJar.of(FakeJars.plugin(tmp.resolve("build").resolve("m2n2-fiji.jar"), "1.2.0"));
		runtime = List.of(
			FakeJars.inRepository(repo, "net.imagej", "ij", "1.54p", null, "ij/ImagePlus.class"),
			FakeJars.inRepository(repo, "net.imglib2", "imglib2", "8.0.0", null, "net/imglib2/Img.class"),
			FakeJars.inRepository(repo, "org.scijava", "scijava-common", "2.100.1", null, "org/scijava/Context.class"),
			FakeJars.inRepository(repo, "ai.djl", "api", "0.36.0", null, "ai/djl/Model.class"),
			FakeJars.inRepository(repo, "ai.djl.pytorch", "pytorch-engine", "0.36.0", null, "ai/djl/pytorch/engine/PtEngine.class"),
			FakeJars.inRepository(repo, "ai.djl.pytorch", "pytorch-native-cpu", "2.7.1", "linux-x86_64", "pytorch/native/lib.txt"),
			FakeJars.inRepository(repo, "ai.djl.pytorch", "pytorch-jni", "2.7.1-0.36.0", null, "ai/djl/pytorch/jni/Lib.class"));
	}

	private Path fiji() throws IOException {
		Path f = tmp.resolve("Fiji.app");
		Files.createDirectories(f.resolve("jars"));
		Files.createDirectories(f.resolve("plugins"));
		FakeJars.jar(f.resolve("jars").resolve("imglib2-8.1.0.jar"), "net/imglib2/Img.class");
		FakeJars.jar(f.resolve("jars").resolve("scijava-common-2.99.0.jar"), "org/scijava/Context.class");
		FakeJars.jar(f.resolve("plugins").resolve("Other_Plugin-1.0.jar"), "other/plugin/A.class");
		return f;
	}

	private Path imagej() throws IOException {
		Path d = tmp.resolve("ImageJ");
		Files.createDirectories(d.resolve("plugins"));
		FakeJars.jar(d.resolve("ij.jar"), "ij/ImagePlus.class");
		return d;
	}

	private Installation installation(Path dir) {
		return new Installation(dir, said::add);
	}

	@Test
	void refusesAFolderThatIsNeitherFijiNorImageJ() throws IOException {
		Path d = Files.createDirectories(tmp.resolve("Downloads"));
		InstallException e = assertThrows(InstallException.class, () -> installation(d));
		assertTrue(e.getMessage().contains("neither Fiji") && e.getMessage().contains("ij.jar"), e.getMessage());
		assertThrows(InstallException.class, () -> installation(tmp.resolve("missing")));
		Path parent = fiji().getParent();
		InstallException e2 = assertThrows(InstallException.class, () -> installation(parent));
		assertTrue(e2.getMessage().contains("give " + parent.resolve("Fiji.app")), e2.getMessage());
	}

	@Test
	void fijiGetsThePluginAndDjlOnlyAndASecondRunChangesNothing() throws IOException {
		Path f = fiji();
		Map<String, String> before = FakeJars.listing(f);
		Installation i = installation(f);
		assertEquals(Target.FIJI, i.target());
		assertEquals(3, i.install(plugin, runtime, false));
		assertTrue(Files.exists(f.resolve("plugins/M2N2_-1.2.0.jar")), "plugin under a name with an underscore");
		assertTrue(Files.exists(f.resolve("jars/api-0.36.0.jar")));
		assertTrue(Files.exists(f.resolve("jars/pytorch-engine-0.36.0.jar")));
		assertFalse(Files.exists(f.resolve("jars/imglib2-8.0.0.jar")), "Fiji's own ImgLib2 is left alone");
		assertFalse(Files.exists(f.resolve("jars/ij-1.54p.jar")));
		assertFalse(Files.exists(f.resolve("jars/pytorch-native-cpu-2.7.1-linux-x86_64.jar")), "natives only when asked for");
		assertTrue(said.stream().anyMatch(s -> s.contains("scijava-common-2.99.0.jar") && s.contains("older")), "an old Fiji library is reported: " + said);
		Map<String, String> installed = FakeJars.listing(f);
		assertEquals(0, installation(f).install(plugin, runtime, false));
		assertEquals(installed, FakeJars.listing(f), "the second run changes no file");
		installation(f).uninstall();
		assertEquals(before, FakeJars.listing(f), "uninstall leaves the folder as it was");
	}

	@Test
	void imagejGetsEveryLibraryExceptImageJInPluginsJars() throws IOException {
		Path d = imagej();
		Map<String, String> before = FakeJars.listing(d);
		installation(d).install(plugin, runtime, true);
		List<String> jars;
		try (var s = Files.list(d.resolve("plugins/jars"))) {
			jars = s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
		assertEquals(List.of("api-0.36.0.jar", "imglib2-8.0.0.jar", "pytorch-engine-0.36.0.jar", "pytorch-jni-2.7.1-0.36.0.jar",
			"pytorch-native-cpu-2.7.1-linux-x86_64.jar", "scijava-common-2.100.1.jar"), jars);
		assertTrue(Files.exists(d.resolve("plugins/M2N2_-1.2.0.jar")));
		installation(d).uninstall();
		assertEquals(before, FakeJars.listing(d), "plugins/jars, created by the install, is gone again");
	}

	@Test
	void anOlderCopyOfALibraryIsMovedAsideAndPutBackOnUninstall() throws IOException {
		Path f = fiji();
		Path old = FakeJars.jar(f.resolve("jars/api-0.30.0.jar"), "ai/djl/Model.class");
		Map<String, String> before = FakeJars.listing(f);
		installation(f).install(plugin, runtime, false);
		assertFalse(Files.exists(old), "never two versions of one library");
		assertTrue(Files.exists(f.resolve(Installation.REPLACED).resolve("jars/api-0.30.0.jar")), "moved, not deleted");
		assertTrue(said.stream().anyMatch(s -> s.contains("moved your jars/api-0.30.0.jar")), said.toString());
		installation(f).uninstall();
		assertEquals(before, FakeJars.listing(f));
	}

	/** A second old copy under the same name, moved by a second run, does not replace the first one set aside. */
	@Test
	void aFileSetAsideIsNeverOverwritten() throws IOException {
		Path f = fiji();
		FakeJars.jar(f.resolve("jars/api-0.30.0.jar"), "ai/djl/Model.class");
		installation(f).install(plugin, runtime, false);
		Path first = f.resolve(Installation.REPLACED).resolve("jars/api-0.30.0.jar");
		byte[] firstBytes = Files.readAllBytes(first);
		FakeJars.jar(f.resolve("jars/api-0.30.0.jar"), "ai/djl/Model.class", "ai/djl/Other.class");
		installation(f).install(plugin, runtime, false);
		assertArrayEquals(firstBytes, Files.readAllBytes(first), "the first copy set aside is kept");
		assertTrue(Files.exists(f.resolve(Installation.REPLACED).resolve("jars/api-0.30.0 (2).jar")), "the second beside it");
	}

	/** A Fiji whose imglib2-named jar holds other classes is told which file that is, not only that imglib2 is missing. */
	@Test
	void aJarWithTheNameButNotTheClassesIsNamed() throws IOException {
		Path f = tmp.resolve("Odd.app");
		Files.createDirectories(f.resolve("jars"));
		Files.createDirectories(f.resolve("plugins"));
		FakeJars.jar(f.resolve("jars").resolve("imglib2-8.0.0.jar"), "somebody/else/A.class");
		FakeJars.jar(f.resolve("jars").resolve("scijava-common-2.99.0.jar"), "org/scijava/Context.class");
		installation(f).install(plugin, runtime, false);
		assertTrue(said.stream().anyMatch(s -> s.contains("lacks imglib2") && s.contains("jars/imglib2-8.0.0.jar has its name but none of its classes")),
			said.toString());
	}

	/** A folder that takes no new file fails before any change, so nothing is left without a record. */
	@Test
	void aFolderThatRefusesFilesFailsBeforeAnyChange() throws IOException {
		Path d = imagej();
		Path plugins = d.resolve("plugins");
		org.junit.jupiter.api.Assumptions.assumeTrue(plugins.toFile().setWritable(false, false));
		try {
			org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(plugins), "running as root: permissions are not enforced");
			Map<String, String> before = FakeJars.listing(d);
			InstallException e = org.junit.jupiter.api.Assertions.assertThrows(InstallException.class, () -> installation(d).install(plugin, runtime, false));
			assertTrue(e.getMessage().contains("Nothing was changed"), e.getMessage());
			assertEquals(before, FakeJars.listing(d));
		} finally {
			plugins.toFile().setWritable(true, false);
		}
	}

	@Test
	void aNewerCopyIsKeptAndOursIsNotAdded() throws IOException {
		Path f = fiji();
		Path newer = FakeJars.jar(f.resolve("jars/api-0.40.0.jar"), "ai/djl/Model.class");
		installation(f).install(plugin, runtime, false);
		assertTrue(Files.exists(newer));
		assertFalse(Files.exists(f.resolve("jars/api-0.36.0.jar")));
		assertTrue(said.stream().anyMatch(s -> s.contains("kept jars/api-0.40.0.jar (newer")), said.toString());
	}

	@Test
	void anotherLibraryWithTheSameNameIsNotACopy() throws IOException {
		Path f = fiji();
		Path theirs = FakeJars.jar(f.resolve("jars/api-9.0.jar"), "org/someone/Api.class");
		installation(f).install(plugin, runtime, false);
		assertTrue(Files.exists(theirs));
		assertTrue(Files.exists(f.resolve("jars/api-0.36.0.jar")));
	}

	@Test
	void aNewPluginVersionReplacesTheOneInstalledBefore() throws IOException {
		Path f = fiji();
		installation(f).install(plugin, runtime, false);
		Library next = PluginJar.of(FakeJars.plugin(tmp.resolve("build2").resolve("m2n2-fiji.jar"), "1.3.0"));
		installation(f).install(next, runtime, false);
		assertFalse(Files.exists(f.resolve("plugins/M2N2_-1.2.0.jar")));
		assertTrue(Files.exists(f.resolve("plugins/M2N2_-1.3.0.jar")));
		assertFalse(Files.exists(f.resolve(Installation.REPLACED)), "our own earlier file is replaced, not kept as the user's");
		// a copy made by hand under the Maven name is the plugin too
		Path byHand = FakeJars.plugin(f.resolve("plugins/m2n2-fiji-1.0.0.jar"), "1.0.0");
		installation(f).install(next, runtime, false);
		assertFalse(Files.exists(byHand));
		assertTrue(Files.exists(f.resolve(Installation.REPLACED).resolve("plugins/m2n2-fiji-1.0.0.jar")));
	}

	@Test
	void uninstallKeepsAFileChangedSinceAndRefusesWithoutAManifest() throws IOException {
		Path f = fiji();
		assertThrows(InstallException.class, () -> installation(f).uninstall());
		installation(f).install(plugin, runtime, false);
		Files.writeString(f.resolve("jars/api-0.36.0.jar"), "changed by the user");
		installation(f).uninstall();
		assertTrue(Files.exists(f.resolve("jars/api-0.36.0.jar")));
		assertTrue(Files.exists(InstallManifest.path(f)), "the manifest keeps what was not removed");
	}

	@Test
	void theBundleHoldsTheJarsTheInstallerAddsToFiji() throws IOException {
		Path zip = tmp.resolve("bundle.zip");
		FijiBundle.write(plugin, runtime, false, zip);
		List<String> entries;
		try (ZipFile z = new ZipFile(zip.toFile())) {
			entries = Collections.list(z.entries()).stream().map(e -> e.getName()).sorted().collect(Collectors.toList());
		}
		Path f = fiji();
		installation(f).install(plugin, runtime, false);
		List<String> added = new ArrayList<>(InstallManifest.read(f).added.keySet());
		added.replaceAll(s -> "Fiji.app/" + s);
		Collections.sort(added);
		assertEquals(added, entries);
	}

	@Test
	void versionsCompareAsTheirAuthorsMeanThem() {
		assertTrue(new Version("10.0").compareTo(new Version("9.2")) > 0);
		assertTrue(new Version("1.0").compareTo(new Version("1.0-SNAPSHOT")) > 0);
		assertTrue(new Version("1.0-beta-2").compareTo(new Version("1.0")) < 0);
		assertTrue(new Version("2.7.1-0.36.0").compareTo(new Version("2.7.1-0.35.0")) > 0);
		assertEquals(0, new Version("1.0").compareTo(new Version("1.0.0")));
		assertTrue(new Version("1.54p").compareTo(new Version("1.54f")) > 0);
	}
}
