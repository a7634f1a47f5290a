package io.github.m2n2.install;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Installs the plugin into a Fiji or ImageJ 1.x folder and takes it out again. Never two
 * versions of one library: where the installation already has a library in another version,
 * the newer one stays and the user is told; a user's file is never deleted, only moved to
 * {@value #REPLACED} (and put back by the uninstall). Running it twice changes nothing.
 */
public final class Installation {

	/** Where the user's older copies of a library go, inside the installation but outside every folder ImageJ loads jars from. */
	static final String REPLACED = "M2N2-replaced";

	private final Path dir;
	private final Target target;
	private final Consumer<String> say;

	/**
	 * @param say receives one line per thing done or decided
	 * @throws InstallException when the folder is neither Fiji nor ImageJ 1.x
	 */
	public Installation(Path dir, Consumer<String> say) {
		this.dir = dir.toAbsolutePath().normalize();
		this.target = Target.of(this.dir);
		this.say = say;
	}

	public Target target() { return target; }

	/**
	 * @param plugin  the plugin jar
	 * @param runtime the plugin's runtime dependencies (see {@link JarSelection})
	 * @return how many files were added, replaced or moved (0: it was installed already)
	 */
	public int install(Library plugin, List<Library> runtime, boolean natives) throws IOException {
		InstallManifest manifest = InstallManifest.read(dir);
		for (Path folder : List.of(dir, target.pluginFolder(dir), target.libraryFolder(dir), dir.resolve(REPLACED))) probeWritable(folder);
		say.accept("Installing M2N2 " + plugin.version + " into " + target.title + " at " + dir);
		int changes = 0;
		String before = manifest.added + " " + manifest.moved + " " + manifest.folders;
		try {
			changes += put(plugin, target.pluginFolder(dir), manifest);
			for (Library l : JarSelection.dependencies(runtime, target, natives)) changes += put(l, target.libraryFolder(dir), manifest);
		} finally {
			// what was done before a failure is recorded too, so that --uninstall can take it back
			if (changes > 0 || !before.equals(manifest.added + " " + manifest.moved + " " + manifest.folders)) manifest.write(dir);
		}
		if (target == Target.FIJI) checkFijiHas(JarSelection.expectedInFiji(runtime));
		if (changes == 0) say.accept("Nothing to do: this M2N2 is installed already.");
		else say.accept("Done: " + changes + " change(s), listed in " + InstallManifest.path(dir) + ". Restart " + target.title + "; the commands are under Plugins > Segmentation.");
		if (!natives) say.accept("The sd2 backbone downloads PyTorch's natives on first use; on a machine without internet install again with --with-cpu-natives.");
		return changes;
	}

	/** Puts one jar into the folder unless the installation has it already (or newer). */
	private int put(Library mine, Path folder, InstallManifest manifest) throws IOException {
		Path dest = folder.resolve(mine.installedName());
		List<Library> copies = installedCopies(mine);
		Version ours = new Version(mine.version);
		Optional<Library> newest = copies.stream().max(Comparator.comparing(mine::versionOf));
		if (newest.isPresent()) {
			Library theirs = newest.get();
			int c = mine.versionOf(theirs).compareTo(ours);
			if (theirs.file.equals(dest) && sha256(dest).equals(sha256(mine.file)) && copies.size() == 1) return 0;
			if (c > 0 || c == 0 && !manifest.added.containsKey(rel(theirs.file))) {
				say.accept("  kept " + rel(theirs.file) + (c > 0 ? " (newer than " + mine + ", which the plugin was built with)"
					: " (the same version as " + mine + ")"));
				for (Library other : copies) if (other != theirs) moveAside(other, "a second copy of " + theirs.artifact, manifest);
				return copies.size() - 1;
			}
		}
		int changes = 0;
		for (Library old : copies) {
			String r = rel(old.file);
			if (manifest.added.containsKey(r)) {
				Files.delete(old.file);
				manifest.added.remove(r);
				say.accept("  removed " + r + " (installed by an earlier run)");
			} else moveAside(old, "older than " + mine, manifest);
			changes++;
		}
		if (!Files.isDirectory(folder)) {
			Files.createDirectories(folder);
			manifest.folders.add(rel(folder));
		}
		Path tmp = folder.resolve(dest.getFileName() + ".part");
		Files.copy(mine.file, tmp, StandardCopyOption.REPLACE_EXISTING);
		Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		manifest.added.put(rel(dest), sha256(dest));
		say.accept("  added " + rel(dest));
		return changes + 1;
	}

	/**
	 * Moves a user's jar out of the class path, keeping its place in the folder tree, and says so.
	 * A file set aside by an earlier run under the same name stays: the new one gets a free name
	 * beside it (a second run used to overwrite the first one's copy, which was then lost).
	 */
	private void moveAside(Library old, String why, InstallManifest manifest) throws IOException {
		String r = rel(old.file);
		Path to = free(dir.resolve(REPLACED).resolve(r));
		Files.createDirectories(to.getParent());
		Files.move(old.file, to);
		String earlier = manifest.moved.put(r, rel(to));
		say.accept("  moved your " + r + " to " + rel(to) + " (" + why + "); --uninstall puts it back"
			+ (earlier != null ? "; the copy moved there before stays at " + earlier : ""));
	}

	/** {@code path}, or {@code name (2).jar}, {@code name (3).jar}, ... beside it when it exists. */
	static Path free(Path path) {
		if (!Files.exists(path)) return path;
		String name = path.getFileName().toString();
		int dot = name.lastIndexOf('.');
		String base = dot > 0 ? name.substring(0, dot) : name, ext = dot > 0 ? name.substring(dot) : "";
		for (int i = 2; ; i++) {
			Path p = path.resolveSibling(base + " (" + i + ")" + ext);
			if (!Files.exists(p)) return p;
		}
	}

	/**
	 * Fails before the first change when a folder the installation writes to (or, when it does
	 * not exist yet, the folder it would be made in) takes no new file: a run that failed halfway
	 * left jars without a record, and --uninstall then said nothing had been installed.
	 */
	private static void probeWritable(Path folder) {
		Path existing = folder;
		while (existing != null && !Files.isDirectory(existing)) existing = existing.getParent();
		if (existing == null) return;
		try {
			Path probe = Files.createTempFile(existing, ".m2n2-write-test", ".tmp");
			Files.delete(probe);
		} catch (IOException e) {
			throw new InstallException("Cannot write into " + existing + " (" + e.getClass().getSimpleName() + "): install with a user who may"
				+ " write there, or into another folder. Nothing was changed.");
		}
	}

	/** Fiji's own libraries are left alone; an old Fiji is told to update rather than patched. */
	private void checkFijiHas(List<Library> expected) throws IOException {
		List<String> missing = new ArrayList<>();
		for (Library l : expected) {
			List<Library> nameOnly = new ArrayList<>();
			List<Library> copies = installedCopies(l, nameOnly);
			// a file with the name but none of the classes is not taken for the library: say which
			if (copies.isEmpty()) missing.add(l + (nameOnly.isEmpty() ? "" : " (" + rel(nameOnly.get(0).file) + " has its name but none of its classes)"));
			else for (Library c : copies)
				if (l.versionOf(c).compareTo(new Version(l.version)) < 0)
					say.accept("  note: this Fiji has " + rel(c.file) + ", older than " + l + " which the plugin was built with; if M2N2 fails to start, update Fiji (Help > Update...)");
		}
		if (!missing.isEmpty())
			say.accept("  note: this Fiji lacks " + String.join(", ", missing) + ", which every Fiji ships; update Fiji (Help > Update...) if M2N2 fails to start");
	}

	/** Jars in the loaded folders that are this library in any version (same name, and classes in the same packages). */
	List<Library> installedCopies(Library mine) throws IOException {
		return installedCopies(mine, new ArrayList<>());
	}

	/** The same, putting the jars that have the library's name but none of its packages into {@code nameOnly}. */
	private List<Library> installedCopies(Library mine, List<Library> nameOnly) throws IOException {
		Set<String> packages = null;
		List<Library> out = new ArrayList<>();
		for (Path folder : target.loadedFolders(dir)) {
			if (!Files.isDirectory(folder)) continue;
			List<Path> jars;
			try (Stream<Path> s = Files.walk(folder)) {
				jars = s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().collect(Collectors.toList());
			}
			for (Path jar : jars) {
				Optional<Library> l = Library.installed(jar);
				if (l.isEmpty() || !mine.sameLibrary(l.get())) continue;
				if (packages == null) packages = packages(mine.file);
				// "api-1.0.jar" may be anybody's api: the same name is the same library only with classes in the same packages
				if (JarSelection.isPluginName(mine.artifact) || packages.isEmpty() || intersects(packages, packages(jar))) out.add(l.get());
				else nameOnly.add(l.get());
			}
		}
		return out;
	}

	private static boolean intersects(Set<String> a, Set<String> b) {
		for (String s : b) if (a.contains(s)) return true;
		return false;
	}

	/** The packages of a jar's classes, two levels deep ({@code ai/djl}). */
	static Set<String> packages(Path jar) throws IOException {
		Set<String> out = new HashSet<>();
		try (ZipFile z = new ZipFile(jar.toFile())) {
			for (ZipEntry e : java.util.Collections.list(z.entries())) {
				String n = e.getName();
				if (!n.endsWith(".class") || n.startsWith("META-INF/")) continue;
				String[] parts = n.split("/");
				if (parts.length >= 3) out.add(parts[0] + "/" + parts[1]);
			}
		} catch (java.util.zip.ZipException e) {
			// not a readable jar: shares nothing
		}
		return out;
	}

	/**
	 * Removes what the manifest lists: added files (unless changed since), created folders (if
	 * empty), and puts moved files back.
	 *
	 * @return how many files were removed or put back
	 */
	public int uninstall() throws IOException {
		if (!Files.exists(InstallManifest.path(dir)))
			throw new InstallException("There is no " + InstallManifest.FILE_NAME + " in " + dir + ": install-fiji installed nothing there, so there is nothing to remove.");
		InstallManifest m = InstallManifest.read(dir);
		say.accept("Removing M2N2 from " + target.title + " at " + dir);
		int changes = 0;
		for (var e : new ArrayList<>(m.added.entrySet())) {
			Path f = dir.resolve(e.getKey());
			if (!Files.exists(f)) say.accept("  " + e.getKey() + " is gone already");
			else if (!sha256(f).equals(e.getValue())) {
				say.accept("  left " + e.getKey() + " in place: it changed since it was installed");
				continue;
			} else {
				Files.delete(f);
				say.accept("  removed " + e.getKey());
				changes++;
			}
			m.added.remove(e.getKey());
		}
		for (var e : new ArrayList<>(m.moved.entrySet())) {
			Path back = dir.resolve(e.getKey()), from = dir.resolve(e.getValue());
			if (!Files.exists(from)) say.accept("  " + e.getValue() + " is gone; cannot put " + e.getKey() + " back");
			else if (Files.exists(back)) {
				say.accept("  left " + e.getValue() + " where it is: " + e.getKey() + " exists again");
				continue;
			} else {
				Files.createDirectories(back.getParent());
				Files.move(from, back);
				say.accept("  put back " + e.getKey());
				changes++;
			}
			m.moved.remove(e.getKey());
		}
		deleteEmptyFolders(dir.resolve(REPLACED));
		for (String f : new ArrayList<>(m.folders)) {
			Path p = dir.resolve(f);
			try (Stream<Path> s = Files.exists(p) ? Files.list(p) : Stream.empty()) {
				if (Files.exists(p) && s.findAny().isPresent()) {
					say.accept("  left the folder " + f + ": it holds other files");
					continue;
				}
			}
			Files.deleteIfExists(p);
			m.folders.remove(f);
		}
		m.write(dir);
		say.accept(m.isEmpty() ? "Done: M2N2 is removed. Restart " + target.title + "."
			: "Done, except what is listed above; " + InstallManifest.FILE_NAME + " keeps the rest.");
		return changes;
	}

	private static void deleteEmptyFolders(Path root) throws IOException {
		if (!Files.isDirectory(root)) return;
		List<Path> folders;
		try (Stream<Path> s = Files.walk(root)) {
			folders = s.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).collect(Collectors.toList());
		}
		for (Path f : folders) {
			try (Stream<Path> s = Files.list(f)) {
				if (s.findAny().isEmpty()) Files.delete(f);
			}
		}
	}

	private String rel(Path p) {
		return InstallManifest.relative(dir, p);
	}

	static String sha256(Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			MessageDigest md = MessageDigest.getInstance("SHA-256");
			byte[] buf = new byte[1 << 16];
			for (int n; (n = in.read(buf)) > 0;) md.update(buf, 0, n);
			StringBuilder sb = new StringBuilder();
			for (byte b : md.digest()) sb.append(String.format("%02x", b));
			return sb.toString();
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
