package io.github.m2n2.fiji;

import java.awt.EventQueue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.Menus;

/**
 * Starts plain ImageJ 1.x with this plugin's commands in its menus, without installing
 * anything. ImageJ only reads {@code plugins.config} from jars in its plugins folder, so the
 * launcher makes a throw-away folder holding a jar with just that file and points ImageJ at
 * it ({@code plugins.dir}); the classes themselves come from the class path.
 */
public final class ImageJLauncher {

	/** The jar name needs an underscore: ImageJ 1.x ignores plugin jars without one. */
	static final String CONFIG_JAR = "M2N2_.jar";

	private ImageJLauncher() { }

	/**
	 * Makes the plugins folder and sets {@code plugins.dir}; call before ImageJ starts.
	 *
	 * @return the plugins folder
	 */
	public static Path installPluginsConfig() throws IOException {
		Path home = Files.createTempDirectory("m2n2-imagej");
		Path plugins = Files.createDirectories(home.resolve("plugins"));
		try (InputStream config = ImageJLauncher.class.getResourceAsStream("/plugins.config");
			OutputStream out = Files.newOutputStream(plugins.resolve(CONFIG_JAR));
			JarOutputStream jar = new JarOutputStream(out)) {
			if (config == null) throw new IOException("plugins.config is missing from the class path; rebuild the plugin jar");
			jar.putNextEntry(new JarEntry("plugins.config"));
			config.transferTo(jar);
			jar.closeEntry();
		}
		home.toFile().deleteOnExit();
		System.setProperty("plugins.dir", home.toString());
		return plugins;
	}

	/**
	 * Starts ImageJ (quitting it ends the program) and opens the image, if any, ready for
	 * clicking with the multi-point tool.
	 */
	public static ImageJ start(Path image, boolean exitOnQuit) throws IOException {
		installPluginsConfig();
		ImageJ ij = new ImageJ(exitOnQuit ? ImageJ.STANDALONE : ImageJ.EMBEDDED);
		if (Menus.getCommands().get("M2N2 Live") == null)
			IJ.log("M2N2: the plugin commands were not installed from " + Menus.getPlugInsPath());
		if (image != null) {
			ImagePlus imp = io.github.m2n2.io.ImageFiles.open(image);
			imp.show();
		}
		// the toolbar repaints on the event queue: changing its tool from here races its first paint
		try {
			EventQueue.invokeAndWait(() -> {
				IJ.setTool("multipoint");
				IJ.showStatus("M2N2: click objects, then Plugins > Segmentation > M2N2 Live or M2N2 Segment (IJ1)");
			});
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		} catch (InvocationTargetException e) {
			throw new IllegalStateException(e.getCause());
		}
		return ij;
	}
}
