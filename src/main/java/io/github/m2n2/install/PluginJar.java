package io.github.m2n2.install;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The plugin jar and its runtime dependencies, as a build or a running program has them. */
public final class PluginJar {

	private static final String POM_PROPERTIES = "META-INF/maven/io.github.m2n2/m2n2-fiji/pom.properties";

	private PluginJar() { }

	/**
	 * The built plugin jar as a library with its version (from the pom.properties Maven puts in it).
	 *
	 * @throws InstallException when the file is not the plugin's jar
	 */
	public static Library of(Path jar) throws IOException {
		if (!Files.isRegularFile(jar) || !jar.toString().endsWith(".jar"))
			throw new InstallException(jar + " is not the plugin's jar; build it with: mvn -B package -DskipTests");
		try (ZipFile z = new ZipFile(jar.toFile())) {
			if (z.getEntry("plugins.config") == null) throw new InstallException(jar + " holds no plugins.config: it is not M2N2's plugin jar");
			ZipEntry e = z.getEntry(POM_PROPERTIES);
			String version = "unknown";
			if (e != null) {
				Properties p = new Properties();
				try (InputStream in = z.getInputStream(e)) {
					p.load(in);
				}
				version = p.getProperty("version", version);
			}
			return Library.plugin(jar, version);
		}
	}

	/** The jars of a class path that come from a Maven repository (the plugin's dependencies as Maven resolved them). */
	public static List<Library> dependencies(String classPath) {
		List<Library> out = new ArrayList<>();
		for (String entry : classPath.split(File.pathSeparator)) {
			if (entry.isBlank()) continue;
			Optional<Library> l = Library.inRepository(Path.of(entry));
			l.ifPresent(out::add);
		}
		return out;
	}
}
