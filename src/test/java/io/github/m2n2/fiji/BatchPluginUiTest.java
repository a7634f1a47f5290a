package io.github.m2n2.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.io.FileSaver;
import ij.macro.Interpreter;

import io.github.m2n2.cli.Main;

/**
 * The ImageJ entry of the batch run (its GenericDialog needs a display: run under xvfb-run, as
 * .ci/run does; skipped otherwise), checked against {@code m2n2 batch} on the same folder.
 */
class BatchPluginUiTest {

	@TempDir
	static Path dir;
	static Path images;

	@BeforeAll
	static void folder() throws Exception {
		assumeTrue(io.github.m2n2.TestDisplay.works(), "needs a display: run the build under xvfb-run (as .ci/run does)");
		images = Files.createDirectories(dir.resolve("images"));
		for (String name : new String[] { "a", "b", "c" })
			assertTrue(new FileSaver(TestImages.twoDiscs()).saveAsTiff(images.resolve(name + ".tif").toString()));
		Files.writeString(images.resolve("a.csv"), "x,y,label\n18,20,1\n44,42,2\n2,60,0\n");
		Files.writeString(images.resolve("b.csv"), "x,y,label\n44,42,1\n");
	}


	/** Runs the plugin with macro options, as {@code run("M2N2 Batch (folder)", options)} does; returns what it logged. */
	private static String runPlugin(String options) {
		PrintStream old = System.out;
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		System.setOut(new PrintStream(log, true, StandardCharsets.UTF_8));
		Thread.currentThread().setName("Run$_batch-test");
		Macro.setOptions(Thread.currentThread(), options);
		Interpreter.batchMode = true;
		try {
			new BatchPlugin().run("");
		} finally {
			Interpreter.batchMode = false;
			Macro.setOptions(Thread.currentThread(), null);
			System.setOut(old);
		}
		return log.toString(StandardCharsets.UTF_8);
	}

	@Test
	void labelsEqualThoseOfTheCommandLine() throws Exception {
		Path fromImageJ = dir.resolve("ij"), fromCli = dir.resolve("cli");
		String log = runPlugin("images=[" + images + "] out=[" + fromImageJ + "] backbone=embedded resolution=12");
		assertTrue(log.contains("2 done, 1 skipped, 0 failed"), log);
		PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
		assertEquals(0, Main.run(new String[] { "batch", "--images", images.toString(), "--out", fromCli.toString(), "--resolution", "12" }, quiet, quiet));
		for (String name : new String[] { "a", "b" }) {
			ImagePlus ij = IJ.openImage(fromImageJ.resolve(name + "-labels.tif").toString());
			ImagePlus cli = IJ.openImage(fromCli.resolve(name + "-labels.tif").toString());
			assertArrayEquals((short[]) cli.getProcessor().getPixels(), (short[]) ij.getProcessor().getPixels(), name);
		}
		assertEquals(2, IJ.openImage(fromImageJ.resolve("a-labels.tif").toString()).getProcessor().get(44, 42));
		assertFalse(Files.exists(fromImageJ.resolve("c-labels.tif")));
	}

	@Test
	void stacksPropagateWithTheChosenGreyMappingAsOnTheCommandLine() throws Exception {
		Path stacks = Files.createDirectories(dir.resolve("stacks"));
		io.github.m2n2.sample.SyntheticStack nuclei = io.github.m2n2.sample.SyntheticStack.nuclei(64, 64, 8, 3, 3, 5);
		io.github.m2n2.io.ImageFiles.saveTiff(io.github.m2n2.cli.StackSamples.image(nuclei, "volume", false), stacks.resolve("volume.tif"));
		Files.writeString(stacks.resolve("volume.csv"), io.github.m2n2.cli.StackSamples.clicks(nuclei));
		Path fromImageJ = dir.resolve("ij-stacks"), fromCli = dir.resolve("cli-stacks");
		String log = runPlugin("images=[" + stacks + "] out=[" + fromImageJ + "] propagate backbone=embedded resolution=12 grey=minmax");
		assertTrue(log.contains("1 done, 0 skipped, 0 failed"), log);
		PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
		assertEquals(0, Main.run(new String[] { "batch", "--images", stacks.toString(), "--out", fromCli.toString(), "--resolution", "12", "--propagate",
			"--grey", "minmax" }, quiet, quiet));
		ImagePlus ij = IJ.openImage(fromImageJ.resolve("volume-labels.tif").toString());
		ImagePlus cli = IJ.openImage(fromCli.resolve("volume-labels.tif").toString());
		assertEquals(8, ij.getStackSize());
		int labelled = 0;
		for (int z = 1; z <= 8; z++) {
			short[] a = (short[]) ij.getStack().getPixels(z);
			assertArrayEquals((short[]) cli.getStack().getPixels(z), a, "slice " + z);
			for (short v : a) if (v != 0) labelled++;
		}
		assertTrue(labelled > 100, labelled + " voxels labelled");
		// the grey choice is used: the default mapping gives other labels
		Path stretched = dir.resolve("ij-stacks-stretch");
		runPlugin("images=[" + stacks + "] out=[" + stretched + "] propagate backbone=embedded resolution=12");
		ImagePlus other = IJ.openImage(stretched.resolve("volume-labels.tif").toString());
		boolean differs = false;
		for (int z = 1; z <= 8; z++) differs |= !java.util.Arrays.equals((short[]) other.getStack().getPixels(z), (short[]) ij.getStack().getPixels(z));
		assertTrue(differs);
	}

	@Test
	void folderMacroRunsTheBatchCommand() throws Exception {
		ImageJLauncher.installPluginsConfig();
		Path out = dir.resolve("macro");
		String macro = Files.readString(Path.of("scripts", "m2n2-batch-folder.ijm"));
		IJ.runMacro(macro, "images=[" + images + "] out=[" + out + "] resolution=12");
		assertEquals(2, IJ.openImage(out.resolve("a-labels.tif").toString()).getProcessor().get(44, 42));
		assertEquals(1, IJ.openImage(out.resolve("b-labels.tif").toString()).getProcessor().get(44, 42));
		assertFalse(Files.exists(out.resolve("c-labels.tif")));
	}

	@Test
	void mistakesGoToTheLogInBatchMode() {
		String log = runPlugin("images=[" + dir.resolve("missing") + "] out=[" + dir.resolve("x") + "] backbone=embedded");
		assertTrue(log.contains("M2N2 Batch: Images:") && log.contains("is not a folder"), log);
		log = runPlugin("images=[" + images + "] out=[" + dir.resolve("y") + "] shard=0/2 backbone=embedded");
		assertTrue(log.contains("--shard") || log.contains("out of range"), log);
	}
}
