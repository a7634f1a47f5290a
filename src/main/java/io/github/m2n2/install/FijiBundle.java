package io.github.m2n2.install;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The release bundle: a zip holding {@code Fiji.app/plugins/M2N2_-version.jar} and
 * {@code Fiji.app/jars/...}, to unpack in the folder that holds Fiji.app. The jars are the
 * ones {@link JarSelection} picks for Fiji, the same the installer adds.
 */
public final class FijiBundle {

	private FijiBundle() { }

	/** @return the entries written, in order */
	public static List<String> write(Library plugin, List<Library> runtime, boolean natives, Path zip) throws IOException {
		List<String> names = new ArrayList<>();
		List<Path> files = new ArrayList<>();
		names.add("Fiji.app/plugins/" + plugin.installedName());
		files.add(plugin.file);
		for (Library l : JarSelection.dependencies(runtime, Target.FIJI, natives)) {
			names.add("Fiji.app/jars/" + l.installedName());
			files.add(l.file);
		}
		Path tmp = zip.resolveSibling(zip.getFileName() + ".part");
		try (OutputStream out = Files.newOutputStream(tmp); ZipOutputStream z = new ZipOutputStream(out)) {
			for (int i = 0; i < names.size(); i++) {
				z.putNextEntry(new ZipEntry(names.get(i)));
				Files.copy(files.get(i), z);
				z.closeEntry();
			}
		}
		Files.move(tmp, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		return names;
	}

	/**
	 * For the build ({@code mvn -Pdist package}): {@code FijiBundle PLUGIN_JAR OUT_ZIP [--with-cpu-natives]},
	 * the dependencies taken from this program's class path.
	 */
	public static void main(String[] args) throws IOException {
		if (args.length < 2) {
			System.err.println("usage: FijiBundle PLUGIN_JAR OUT_ZIP [--with-cpu-natives]");
			System.exit(2);
		}
		boolean natives = args.length > 2 && args[2].equals("--with-cpu-natives");
		List<String> names = write(PluginJar.of(Path.of(args[0])), PluginJar.dependencies(System.getProperty("java.class.path")), natives,
			Path.of(args[1]));
		System.out.println("wrote " + args[1] + " (unpack in the folder that holds Fiji.app): " + String.join(", ", names));
	}
}
