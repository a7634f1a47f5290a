package io.github.m2n2.cli;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import ij.IJ;

import io.github.m2n2.fiji.ImageJLauncher;
import io.github.m2n2.input.UserError;

/** {@code imagej [IMAGE]}: plain ImageJ 1.54 with the M2N2 commands, to try the plugin without Fiji. */
public final class ImagejCommand implements CliCommand, Main.OptionSet {

	@Override
	public String name() { return "imagej"; }

	@Override
	public String summary() { return "start ImageJ with the M2N2 plugin and an image (default: the sample nuclei)"; }

	@Override
	public String usage() {
		return String.join("\n",
			"usage: m2n2 imagej [IMAGE]",
			"",
			"Starts ImageJ 1.x with Plugins > Segmentation > M2N2 Live and M2N2 Segment (IJ1) installed and",
			"opens IMAGE (default: sample-data/nuclei.tif) with the multi-point tool selected. Needs a display;",
			"on a server use xvfb-run. Quitting ImageJ ends the command.");
	}

	@Override
	public Set<String> known() { return Set.of("image"); }

	@Override
	public Set<String> switches() { return Set.of(); }

	/** The image may be given bare ({@code imagej cells.tif}) as well as with {@code --image}. */
	static String[] imageAsOption(String[] rest) {
		List<String> out = new ArrayList<>();
		for (String s : rest) {
			if (!s.startsWith("--") && (out.isEmpty() || !out.get(out.size() - 1).equals("--image"))) out.add("--image");
			out.add(s);
		}
		return out.toArray(new String[0]);
	}

	@Override
	public int run(Args a, PrintStream out, PrintStream err) throws Exception {
		if (a.all("image").size() > 1) throw new UserError("give one image at most");
		if (GraphicsEnvironment.isHeadless())
			throw new UserError("ImageJ needs a display (java.awt.headless is true or DISPLAY is unset); on a server run: xvfb-run -a scripts/m2n2 imagej");
		Path image = a.path("image");
		if (image == null) {
			Path sample = Path.of(System.getProperty("m2n2.home", "."), "sample-data", "nuclei.tif");
			if (Files.isRegularFile(sample)) image = sample;
		}
		try {
			ImageJLauncher.start(image, true);
		} catch (IOException e) {
			throw new UserError(e.getMessage());
		}
		out.println("m2n2 imagej: ImageJ started" + (image != null ? " with " + image : "") + "; quit ImageJ to end.");
		// ImageJ runs on the AWT threads and exits the program when it quits
		while (IJ.getInstance() != null) Thread.sleep(1000);
		return 0;
	}
}
