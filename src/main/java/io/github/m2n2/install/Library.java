package io.github.m2n2.install;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One jar: which library (group, artifact), which version and classifier, and where it is.
 * Jars in a Maven repository say all of that in their path; jars already in a Fiji or ImageJ
 * folder only in their name ({@code artifact-version[-classifier].jar}), so those carry no group.
 */
public final class Library {

	/** A version starts with a digit after the artifact's last hyphen-separated word: {@code pytorch-native-cpu-2.7.1-linux-x86_64}. */
	private static final Pattern FILE_NAME = Pattern.compile("(.+?)-(\\d[^/]*)\\.jar");

	final String group, artifact, version, classifier;
	final Path file;

	Library(String group, String artifact, String version, String classifier, Path file) {
		this.group = group;
		this.artifact = artifact;
		this.version = version;
		this.classifier = classifier;
		this.file = file;
	}

	/**
	 * A jar in a Maven repository ({@code .../group/path/artifact/version/artifact-version[-classifier].jar}),
	 * or empty when the path does not have that shape.
	 */
	public static Optional<Library> inRepository(Path jar) {
		Path abs = jar.toAbsolutePath().normalize();
		int n = abs.getNameCount();
		if (n < 4) return Optional.empty();
		String name = abs.getFileName().toString(), version = abs.getName(n - 2).toString(), artifact = abs.getName(n - 3).toString();
		String prefix = artifact + "-" + version;
		if (!name.startsWith(prefix) || !name.endsWith(".jar")) return Optional.empty();
		String rest = name.substring(prefix.length(), name.length() - 4);
		if (!rest.isEmpty() && !rest.startsWith("-")) return Optional.empty();
		int repo = -1;
		for (int i = 0; i < n - 3; i++) if (abs.getName(i).toString().equals("repository")) repo = i;
		if (repo < 0) return Optional.empty();
		StringBuilder group = new StringBuilder();
		for (int i = repo + 1; i < n - 3; i++) group.append(group.length() == 0 ? "" : ".").append(abs.getName(i));
		return Optional.of(new Library(group.toString(), artifact, version, rest.isEmpty() ? null : rest.substring(1), abs));
	}

	/** A jar found in an installation, known by its file name only; empty for names without a version. */
	static Optional<Library> installed(Path jar) {
		String name = jar.getFileName().toString();
		// a plugin jar copied by hand without a version is still a copy of the plugin
		if (name.endsWith(".jar") && JarSelection.isPluginName(name.substring(0, name.length() - 4)))
			return Optional.of(new Library(null, name.substring(0, name.length() - 4), "0", null, jar));
		Matcher m = FILE_NAME.matcher(jar.getFileName().toString());
		if (!m.matches()) return Optional.empty();
		return Optional.of(new Library(null, m.group(1), m.group(2), null, jar));
	}

	/** The plugin itself, installed as {@code M2N2_-version.jar}: ImageJ reads plugins.config only from jars with an underscore. */
	static Library plugin(Path jar, String version) {
		return new Library("io.github.m2n2", JarSelection.PLUGIN_NAME, version, null, jar);
	}

	/** The name this jar gets in the installation. */
	String installedName() {
		return artifact + "-" + version + (classifier == null ? "" : "-" + classifier) + ".jar";
	}

	/**
	 * Whether an installed jar is another copy of this library. The installed name's "version"
	 * then also holds our classifier ({@code 2.7.1-linux-x86_64}), which is cut off before comparing.
	 */
	boolean sameLibrary(Library installed) {
		return installed.artifact.equals(artifact) || JarSelection.isPluginName(installed.artifact) && JarSelection.isPluginName(artifact);
	}

	Version versionOf(Library installed) {
		String v = installed.version;
		if (classifier != null && v.endsWith("-" + classifier)) v = v.substring(0, v.length() - classifier.length() - 1);
		return new Version(v);
	}

	@Override
	public String toString() {
		return artifact + " " + version + (classifier == null ? "" : " (" + classifier + ")");
	}
}
