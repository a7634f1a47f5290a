package io.github.m2n2.install;

import java.util.ArrayList;
import java.util.List;

/**
 * Which jars go into which kind of installation: the one place that decides it, for the
 * installer and for the release bundle alike.
 * <ul>
 * <li>ImageJ itself is never installed: the installation is one.</li>
 * <li>The PyTorch natives (111 MB, one platform) only when asked for: without them DJL
 * downloads the natives for the user's machine (CUDA ones where there is a GPU) on first use of
 * the sd2 backbone.</li>
 * <li>Fiji ships everything else the plugin needs (ImgLib2, SciJava Common and Parsington,
 * Gson, JNA, Commons Compress/IO/Codec, SLF4J) except DJL, so only DJL is added there; plain
 * ImageJ 1.x ships none of it, so it gets every runtime dependency.</li>
 * </ul>
 */
public final class JarSelection {

	/** The installed plugin's name: ImageJ 1.x reads plugins.config only from jars whose name has an underscore. */
	public static final String PLUGIN_NAME = "M2N2_";

	/** Earlier names of the plugin jar (the Maven artifact, copied by hand): another copy of the plugin, never a second one. */
	private static final String MAVEN_NAME = "m2n2-fiji";

	private static final String DJL_GROUP = "ai.djl";

	private static final List<String> NATIVES = List.of("pytorch-native-cpu", "pytorch-jni");

	private JarSelection() { }

	static boolean isPluginName(String artifact) {
		return artifact.equals(PLUGIN_NAME) || artifact.equals(MAVEN_NAME);
	}

	static boolean isNative(Library l) {
		return NATIVES.contains(l.artifact);
	}

	/** Whether Fiji ships this library (so the installer leaves Fiji's copy alone). */
	static boolean fijiShips(Library l) {
		return !(l.group.equals(DJL_GROUP) || l.group.startsWith(DJL_GROUP + "."));
	}

	/**
	 * @param runtime the plugin's runtime dependencies, as resolved by Maven
	 * @return the dependencies to install, in the given order
	 */
	public static List<Library> dependencies(List<Library> runtime, Target target, boolean natives) {
		List<Library> out = new ArrayList<>();
		for (Library l : runtime) {
			if (l.group.equals("net.imagej") && l.artifact.equals("ij")) continue;
			if (isNative(l) && !natives) continue;
			if (target == Target.FIJI && fijiShips(l)) continue;
			out.add(l);
		}
		return out;
	}

	/** The libraries Fiji is expected to have already: checked, never changed, by the installer. */
	static List<Library> expectedInFiji(List<Library> runtime) {
		List<Library> out = new ArrayList<>();
		for (Library l : runtime) if (fijiShips(l) && !(l.artifact.equals("ij") && l.group.equals("net.imagej"))) out.add(l);
		return out;
	}
}
