package io.github.m2n2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.GraphicsEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ShortProcessor;

import io.github.m2n2.cli.Main;
import io.github.m2n2.fiji.M2N2Command;
import io.github.m2n2.fiji.SessionCache;
import io.github.m2n2.io.ImageFiles;
import io.github.m2n2.sample.SyntheticNuclei;

/**
 * The same 16-bit grey image and clicks give the same labels in Fiji's M2N2 command (headless)
 * and in {@code m2n2 segment}, both with default settings: one grey mapping for both. The image
 * is shown with a narrow display range, which the Fiji command once segmented through.
 */
class FijiCliParityTest {

	@TempDir
	static Path dir;
	private static Context context;

	@BeforeAll
	static void start() {
		assumeTrue(GraphicsEnvironment.isHeadless(), "the SciJava command is run headless");
		context = new Context(CommandService.class);
	}

	@AfterAll
	static void stop() {
		if (context != null) context.dispose();
		SessionCache.shared().releaseAll();
	}

	@Test
	void fijiCommandAndCommandLineGiveIdenticalLabelsOnA16BitImage() throws Exception {
		SyntheticNuclei sample = SyntheticNuclei.generate(96, 96, 4, 3);
		Path image = dir.resolve("nuclei.tif");
		ImageFiles.saveTiff(new ImagePlus("n", new ShortProcessor(96, 96, sample.pixels, null)), image);
		int[] a = sample.centre(sample.nuclei.get(0)), b = sample.centre(sample.nuclei.get(1));
		String points = a[0] + "," + a[1] + ",1;" + b[0] + "," + b[1] + ",2;1,1,0";

		Path out = dir.resolve("labels.tif");
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = Main.run(new String[] { "segment", "--image", image.toString(), "--point", a[0] + "," + a[1] + ",1",
			"--point", b[0] + "," + b[1] + ",2", "--point", "1,1,0", "--out", out.toString() },
			new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
		assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
		ImagePlus cli = IJ.openImage(out.toString());

		ImagePlus imp = IJ.openImage(image.toString());
		ImagePlus whole = IJ.openImage(image.toString());
		double min = whole.getProcessor().getStatistics().min, max = whole.getProcessor().getStatistics().max;
		imp.setDisplayRange(min, min + (max - min) / 5); // what a user may look through; not what the guide is made from
		CommandModule m = context.service(CommandService.class).run(M2N2Command.class, false, "imp", imp, "points", points).get();
		assertFalse(m.isCanceled(), () -> "canceled: " + m.getCancelReason());
		ImagePlus fiji = (ImagePlus) m.getOutput("labelimage");

		short[] expected = (short[]) cli.getProcessor().convertToShortProcessor(false).getPixels();
		short[] actual = (short[]) fiji.getProcessor().getPixels();
		assertEquals(1, cli.getProcessor().get(a[0], a[1]), "the command line found object 1");
		assertArrayEquals(expected, actual, "Fiji and the command line disagree on the labels");
	}
}
