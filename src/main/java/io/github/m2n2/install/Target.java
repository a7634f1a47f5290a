package io.github.m2n2.install;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The two kinds of installation the plugin goes into, and where each loads jars from. */
public enum Target {

	/** {@code Fiji.app}: libraries in {@code jars/}, plugins in {@code plugins/}. */
	FIJI("Fiji"),
	/** Plain ImageJ 1.x: {@code ij.jar} and {@code plugins/}; libraries in {@code plugins/jars/}, where ImageJ's plugin class loader finds them. */
	IMAGEJ("ImageJ 1.x");

	final String title;

	Target(String title) {
		this.title = title;
	}

	/**
	 * Recognises the folder, or explains what was expected.
	 *
	 * @throws InstallException when the folder is neither kind
	 */
	public static Target of(Path dir) {
		if (!Files.isDirectory(dir))
			throw new InstallException(dir + " is not a folder; give the Fiji.app folder or the folder holding ImageJ's ij.jar");
		if (Files.isDirectory(dir.resolve("jars")) && Files.isDirectory(dir.resolve("plugins"))) return FIJI;
		if (Files.isRegularFile(dir.resolve("ij.jar")) && Files.isDirectory(dir.resolve("plugins"))) return IMAGEJ;
		if (Files.isDirectory(dir.resolve("Fiji.app"))) throw new InstallException(dir + " holds Fiji.app; give " + dir.resolve("Fiji.app") + " itself");
		throw new InstallException(dir + " is neither Fiji (a Fiji.app folder with jars/ and plugins/) nor ImageJ 1.x (ij.jar beside a plugins/ folder); "
			+ "give the folder Fiji or ImageJ was unpacked into");
	}

	/** Where the plugin jar goes. */
	Path pluginFolder(Path dir) {
		return dir.resolve("plugins");
	}

	/** Where the libraries go. */
	Path libraryFolder(Path dir) {
		return this == FIJI ? dir.resolve("jars") : dir.resolve("plugins").resolve("jars");
	}

	/** The folders whose jars end up on the class path: a library found there is already installed. */
	List<Path> loadedFolders(Path dir) {
		return this == FIJI ? List.of(dir.resolve("jars"), dir.resolve("plugins")) : List.of(dir.resolve("plugins"));
	}
}
