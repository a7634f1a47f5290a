package io.github.m2n2.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command's mistakes: one line, exit 2; the installing itself is InstallationTest's. */
class InstallFijiCommandTest {

	@TempDir
	Path tmp;

	private int run(ByteArrayOutputStream err, String... args) {
		return Main.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
	}

	@Test
	void aFolderThatIsNeitherFijiNorImageJIsRefusedWithExit2() throws Exception {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		Path downloads = Files.createDirectories(tmp.resolve("Downloads"));
		assertEquals(2, run(err, "install-fiji", downloads.toString()));
		String said = err.toString(StandardCharsets.UTF_8);
		assertTrue(said.startsWith("m2n2 install-fiji: ") && said.contains("neither Fiji") && !said.contains("Exception"), said);
	}

	@Test
	void uninstallWithoutAManifestAndMissingFolderAreRefused() throws Exception {
		Path fiji = tmp.resolve("Fiji.app");
		Files.createDirectories(fiji.resolve("jars"));
		Files.createDirectories(fiji.resolve("plugins"));
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		assertEquals(2, run(err, "install-fiji", fiji.toString(), "--uninstall"));
		assertTrue(err.toString(StandardCharsets.UTF_8).contains("nothing to remove"), err.toString(StandardCharsets.UTF_8));
		ByteArrayOutputStream err2 = new ByteArrayOutputStream();
		assertEquals(2, run(err2, "install-fiji"));
		assertTrue(err2.toString(StandardCharsets.UTF_8).contains("give one folder"), err2.toString(StandardCharsets.UTF_8));
	}
}
