package io.github.m2n2.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the installer changed in an installation, kept in the installation itself so that
 * {@code --uninstall} removes exactly that: the files it added (with their checksum, so a file
 * changed since is left alone), the user's files it moved aside, and the folders it created.
 * Paths are relative to the installation, with forward slashes.
 */
final class InstallManifest {

	static final String FILE_NAME = "M2N2-installed-files.txt";

	/** added file -> SHA-256 of what was written. */
	final Map<String, String> added = new LinkedHashMap<>();
	/** user's file -> where it was moved. */
	final Map<String, String> moved = new LinkedHashMap<>();
	final List<String> folders = new ArrayList<>();

	static Path path(Path dir) {
		return dir.resolve(FILE_NAME);
	}

	static InstallManifest read(Path dir) throws IOException {
		InstallManifest m = new InstallManifest();
		Path p = path(dir);
		if (!Files.exists(p)) return m;
		for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
			if (line.isBlank() || line.startsWith("#")) continue;
			String[] f = line.split("\t");
			if (f[0].equals("added") && f.length == 3) m.added.put(f[1], f[2]);
			else if (f[0].equals("moved") && f.length == 3) m.moved.put(f[1], f[2]);
			else if (f[0].equals("folder") && f.length == 2) m.folders.add(f[1]);
			else throw new InstallException(p + " has a line this installer does not understand: '" + line + "'; it was not written by this version of M2N2");
		}
		return m;
	}

	boolean isEmpty() {
		return added.isEmpty() && moved.isEmpty() && folders.isEmpty();
	}

	void write(Path dir) throws IOException {
		Path p = path(dir);
		if (isEmpty()) {
			Files.deleteIfExists(p);
			return;
		}
		StringBuilder sb = new StringBuilder("# Written by M2N2's install-fiji. 'scripts/m2n2 install-fiji --uninstall " + dir.toAbsolutePath()
			+ "' deletes the added files and puts the moved ones back.\n");
		for (Map.Entry<String, String> e : added.entrySet()) sb.append("added\t").append(e.getKey()).append('\t').append(e.getValue()).append('\n');
		for (Map.Entry<String, String> e : moved.entrySet()) sb.append("moved\t").append(e.getKey()).append('\t').append(e.getValue()).append('\n');
		for (String f : folders) sb.append("folder\t").append(f).append('\n');
		Path tmp = p.resolveSibling(FILE_NAME + ".tmp");
		Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
		Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	static String relative(Path dir, Path file) {
		return dir.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
	}
}
