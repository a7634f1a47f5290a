package io.github.m2n2.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.github.m2n2.input.UserError;
import io.github.m2n2.install.InstallException;
import io.github.m2n2.install.Installation;
import io.github.m2n2.install.Library;
import io.github.m2n2.install.PluginJar;

/** {@code install-fiji DIR}: the plugin and what it needs into Fiji or ImageJ 1.x (see {@link Installation}). */
public final class InstallFijiCommand implements CliCommand, Main.OptionSet {

	@Override
	public String name() { return "install-fiji"; }

	@Override
	public String summary() { return "install the plugin into a Fiji.app or ImageJ 1.x folder (--uninstall removes it)"; }

	@Override
	public String usage() {
		return String.join("\n",
			"usage: m2n2 install-fiji DIR [--with-cpu-natives]",
			"       m2n2 install-fiji DIR --uninstall",
			"",
			"DIR is a Fiji.app folder (jars/ and plugins/) or a plain ImageJ 1.x folder (ij.jar and plugins/).",
			"Copies the plugin as plugins/M2N2_-VERSION.jar and the libraries the installation lacks: DJL into",
			"Fiji's jars/; for ImageJ 1.x every library (ImgLib2, SciJava Common, DJL, ...) into plugins/jars/.",
			"A library the installation has in another version: the newer one stays (an older copy of yours is",
			"moved to DIR/M2N2-replaced/, never deleted). Running it again changes nothing. Everything done is",
			"listed in DIR/M2N2-installed-files.txt; --uninstall removes exactly that and puts moved files back.",
			"",
			"  --with-cpu-natives   also add PyTorch's CPU natives (linux-x86_64, 111 MB) so the sd2 backbone",
			"                       runs without internet; without them DJL downloads the natives on first use",
			"  --uninstall          remove what install-fiji added to DIR");
	}

	@Override
	public Set<String> known() { return Set.of("dir", "uninstall", "with-cpu-natives"); }

	@Override
	public Set<String> switches() { return Set.of("uninstall", "with-cpu-natives"); }

	/** The folder is given bare: {@code install-fiji ~/Fiji.app}. */
	static String[] dirAsOption(String[] rest) {
		List<String> out = new ArrayList<>();
		for (String s : rest) {
			if (!s.startsWith("--")) out.add("--dir");
			out.add(s);
		}
		return out.toArray(new String[0]);
	}

	@Override
	public int run(Args a, PrintStream out, PrintStream err) throws Exception {
		if (a.all("dir").size() != 1) throw new UserError("give one folder: m2n2 install-fiji /path/to/Fiji.app");
		if (a.flag("uninstall") && a.flag("with-cpu-natives")) throw new UserError("--with-cpu-natives installs; it does not go with --uninstall");
		try {
			Installation installation = new Installation(Path.of(a.get("dir")), out::println);
			if (a.flag("uninstall")) installation.uninstall();
			else {
				Path self = Path.of(InstallFijiCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
				Library plugin = PluginJar.of(self);
				installation.install(plugin, PluginJar.dependencies(System.getProperty("java.class.path")), a.flag("with-cpu-natives"));
			}
			return 0;
		} catch (InstallException e) {
			throw new UserError(e.getMessage());
		}
	}
}
