package io.github.m2n2.install;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Small jars with class entries in chosen packages, laid out as a Maven repository or an installation. */
final class FakeJars {

	private FakeJars() { }

	static Path jar(Path file, String... entries) throws IOException {
		Files.createDirectories(file.getParent());
		try (OutputStream out = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(out)) {
			for (String e : entries) {
				z.putNextEntry(new ZipEntry(e));
				z.write(e.getBytes(StandardCharsets.UTF_8)); // distinct content per entry list
				z.closeEntry();
			}
		}
		return file;
	}

	/** A jar in a Maven repository layout, as a library. */
	static Library inRepository(Path repo, String group, String artifact, String version, String classifier, String classEntry) throws IOException {
		Path f = repo.resolve(group.replace('.', '/')).resolve(artifact).resolve(version)
			.resolve(artifact + "-" + version + (classifier == null ? "" : "-" + classifier) + ".jar");
		jar(f, classEntry, "v" + version + ".txt");
		return Library.inRepository(f).orElseThrow();
	}

	/** The plugin jar: plugins.config and a pom.properties with the version. */
	static Path plugin(Path file, String version) throws IOException {
		Files.createDirectories(file.getParent());
		try (OutputStream out = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(out)) {
			z.putNextEntry(new ZipEntry("plugins.config"));
			z.write("Plugins, \"x\", y.Z\n".getBytes(StandardCharsets.UTF_8));
			z.putNextEntry(new ZipEntry("META-INF/maven/io.github.m2n2/m2n2-fiji/pom.properties"));
			z.write(("version=" + version + "\n").getBytes(StandardCharsets.UTF_8));
			z.putNextEntry(new ZipEntry("io/github/m2n2/fiji/M2N2Command.class"));
			z.write(version.getBytes(StandardCharsets.UTF_8));
			z.closeEntry();
		}
		return file;
	}

	/** Every file under the folder with its size and modification time: what "nothing changed" compares. */
	static Map<String, String> listing(Path dir) throws IOException {
		Map<String, String> m = new TreeMap<>();
		try (Stream<Path> s = Files.walk(dir)) {
			List<Path> all = s.collect(Collectors.toCollection(ArrayList::new));
			for (Path p : all) {
				String r = dir.relativize(p).toString();
				m.put(r, Files.isDirectory(p) ? "dir" : Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis());
			}
		}
		return m;
	}
}
