package io.github.m2n2.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ij.IJ;
import ij.ImagePlus;

import io.github.m2n2.input.UserError;
import io.github.m2n2.io.ImageFiles;
import io.github.m2n2.sample.SyntheticStack;

class StackSegmentCommandTest {

	@TempDir
	static Path dir;
	static Path volume, timeLapse, flat, clicks;
	static SyntheticStack nuclei;

	@BeforeAll
	static void writeStacks() throws Exception {
		nuclei = SyntheticStack.nuclei(64, 64, 8, 3, 3, 5);
		volume = dir.resolve("volume.tif");
		ImageFiles.saveTiff(StackSamples.image(nuclei, "volume", false), volume);
		timeLapse = dir.resolve("cells.tif");
		ImageFiles.saveTiff(StackSamples.image(SyntheticStack.movingCells(64, 64, 6, 2, 9), "cells", false), timeLapse);
		flat = dir.resolve("flat.tif");
		ImageFiles.saveTiff(new ImagePlus("flat", new ij.process.ShortProcessor(64, 64, nuclei.pixelPlane(4), null)), flat);
		clicks = dir.resolve("clicks.csv");
		Files.writeString(clicks, StackSamples.clicks(nuclei));
	}

	private static Path csv(String name, String text) throws Exception {
		Path p = dir.resolve(name);
		Files.writeString(p, text);
		return p;
	}

	@Test
	void propagatesIntoALabelStackWithTheInputsPlanesAndCalibration() {
		Path out = dir.resolve("labels.tif");
		SegmentCommandTest.Run r = SegmentCommandTest.run("segment", "--image", volume.toString(), "--points", clicks.toString(), "--propagate",
			"--resolution", "16", "--out", out.toString());
		assertEquals(0, r.code, r.err);
		ImagePlus labels = IJ.openImage(out.toString());
		ImagePlus in = IJ.openImage(volume.toString());
		assertEquals(16, labels.getBitDepth());
		assertEquals(in.getNSlices(), labels.getNSlices());
		assertEquals(in.getCalibration().pixelDepth, labels.getCalibration().pixelDepth, 1e-9);
		assertEquals(in.getCalibration().pixelWidth, labels.getCalibration().pixelWidth, 1e-9);
		// every object is there, and all but one reach more planes than the one they were clicked
		// on: the smallest (40 voxels, five pixels across at r = 16) ends after its own plane in the
		// exact computation too (--upsampling exact), and the sampled window only carried it on by
		// its error
		int propagated = 0;
		for (int k = 1; k <= nuclei.objects; k++) {
			int planes = 0;
			for (int z = 1; z <= labels.getNSlices(); z++) {
				short[] l = (short[]) labels.getStack().getPixels(z);
				boolean has = false;
				for (short v : l) has |= v == k;
				if (has) planes++;
			}
			assertTrue(planes >= 1, "object " + k + " missing: " + r.out);
			if (planes >= 2) propagated++;
		}
		assertTrue(propagated >= nuclei.objects - 1, propagated + " objects on more than one plane: " + r.out);
	}

	@Test
	void withoutPropagationOnlyTheClickedPlanesHoldLabels() throws Exception {
		Path out = dir.resolve("clicked-only.tif");
		Path one = csv("one.csv", "x,y,z,label\n" + clicks(nuclei, 1) + "\n");
		SegmentCommandTest.Run r = SegmentCommandTest.run("segment", "--image", volume.toString(), "--points", one.toString(), "--resolution", "16",
			"--out", out.toString());
		assertEquals(0, r.code, r.err);
		ImagePlus labels = IJ.openImage(out.toString());
		int clickedZ = Integer.parseInt(clicks(nuclei, 1).split(",")[2]);
		for (int z = 1; z <= labels.getNSlices(); z++) {
			boolean any = false;
			for (short v : (short[]) labels.getStack().getPixels(z)) any |= v != 0;
			assertEquals(z == clickedZ, any, "slice " + z);
		}
	}

	@Test
	void aTimeLapseTakesTColumns() throws Exception {
		Path out = dir.resolve("track.tif");
		Path pts = csv("t.csv", "x,y,t,label\n20,20,3,1\n60,60,3,0\n");
		SegmentCommandTest.Run r = SegmentCommandTest.run("segment", "--image", timeLapse.toString(), "--points", pts.toString(), "--propagate",
			"--resolution", "16", "--out", out.toString());
		assertEquals(0, r.code, r.err);
		ImagePlus labels = IJ.openImage(out.toString());
		assertEquals(6, labels.getNFrames());
		assertEquals(5, labels.getCalibration().frameInterval, 1e-9);
	}

	private static String clicks(SyntheticStack s, int label) {
		for (String line : StackSamples.clicks(s).split("\n"))
			if (line.endsWith("," + label) && !line.startsWith("x")) return line;
		throw new AssertionError("no click for " + label);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
		"volume|x,y,z,label\\n10,10,40,1|lies on slice 40 but volume.tif has slices 1..8",
		"flat|x,y,z,label\\n10,10,2,1|has a z or t column but flat.tif is a single plane",
		"volume|x,y,z,label\\n10,10,2,1\\n12,12,1|has 3 values but the header x,y,z,label names 4",
		"volume|x,y,label\\n10,10,1|the points need their plane",
		"volume|x,y,t,label\\n10,10,1,1|has a t column but volume.tif has one frame",
		"volume|x,y,z,label\\n10,10,2,1\\n20,20,3,0|slice 3 has only background clicks",
		"volume|x,y,z,label\\n10,10,0,1|count slices and frames from 1",
	})
	void badInputIsRefusedWithOneMessageAndNothingWritten(String image, String text, String message) throws Exception {
		Path pts = csv("bad.csv", text.replace("\\n", "\n"));
		Path out = dir.resolve("bad-out.tif");
		Path img = image.equals("flat") ? flat : volume;
		SegmentCommandTest.Run r = SegmentCommandTest.run("segment", "--image", img.toString(), "--points", pts.toString(), "--resolution", "16",
			"--out", out.toString());
		assertEquals(2, r.code, r.err);
		assertTrue(r.err.contains(message), r.err);
		assertEquals(1, r.err.trim().split("\n").length, r.err);
		assertFalse(Files.exists(out));
	}

	@Test
	void theFileBackboneSaysAStackNeedsOneAttentionPerPlane() throws Exception {
		Path out = dir.resolve("file-out.tif");
		SegmentCommandTest.Run r = SegmentCommandTest.run("segment", "--image", volume.toString(), "--points", clicks.toString(), "--attention",
			dir.resolve("any.npy").toString(), "--out", out.toString());
		assertEquals(2, r.code);
		assertTrue(r.err.contains("one attention per plane"), r.err);
		assertFalse(Files.exists(out));
	}

	@Test
	void greyMappingAppliesToAStack() throws Exception {
		Path stretched = dir.resolve("grey-stretch.tif"), minmax = dir.resolve("grey-minmax.tif"), bad = dir.resolve("grey-bad.tif");
		SegmentCommandTest.Run s = SegmentCommandTest.run("segment", "--image", volume.toString(), "--points", clicks.toString(), "--grey", "stretch",
			"--propagate", "--resolution", "16", "--out", stretched.toString());
		SegmentCommandTest.Run m = SegmentCommandTest.run("segment", "--image", volume.toString(), "--points", clicks.toString(), "--grey", "minmax",
			"--propagate", "--resolution", "16", "--out", minmax.toString());
		assertEquals(0, s.code, s.err);
		assertEquals(0, m.code, m.err);
		// the guide differs, so the attention and the labels do: the option is used, not ignored
		short[] a = (short[]) IJ.openImage(stretched.toString()).getStack().getPixels(4);
		short[] b = (short[]) IJ.openImage(minmax.toString()).getStack().getPixels(4);
		assertFalse(java.util.Arrays.equals(a, b));
		SegmentCommandTest.Run x = SegmentCommandTest.run("segment", "--image", volume.toString(), "--points", clicks.toString(), "--grey", "gamma",
			"--propagate", "--resolution", "16", "--out", bad.toString());
		assertEquals(2, x.code, x.err);
		assertTrue(x.err.contains("--grey needs stretch or minmax"), x.err);
		assertFalse(Files.exists(bad));
	}

	@Test
	void aStackTooLargeForMemorySaysWhatItNeeds() {
		ImagePlus imp = IJ.openImage(volume.toString());
		UserError e = org.junit.jupiter.api.Assertions.assertThrows(UserError.class,
			() -> io.github.m2n2.batch.StackFileSegmenter.requireMemory(imp, io.github.m2n2.io.StackImages.Axis.Z, 128,
				new io.github.m2n2.engine.Settings().matrixStorage(io.github.m2n2.engine.Settings.MatrixStorage.PACKED16), "volume.tif", 512L << 20));
		// the float attention and the packed matrix filled from it (1 GiB + 0.5 GiB)
		assertTrue(e.getMessage().contains("needs about 1.5 GiB at resolution 128") && e.getMessage().contains("smaller --resolution"), e.getMessage());
		io.github.m2n2.engine.Settings floats = new io.github.m2n2.engine.Settings().matrixStorage(io.github.m2n2.engine.Settings.MatrixStorage.FLOAT);
		e = org.junit.jupiter.api.Assertions.assertThrows(UserError.class,
			() -> io.github.m2n2.batch.StackFileSegmenter.requireMemory(imp, io.github.m2n2.io.StackImages.Axis.Z, 128, floats, "volume.tif", 512L << 20));
		assertTrue(e.getMessage().contains("needs about 1.0 GiB at resolution 128"), "floats are prepared in place: " + e.getMessage());
		io.github.m2n2.batch.StackFileSegmenter.requireMemory(imp, io.github.m2n2.io.StackImages.Axis.Z, 32, new io.github.m2n2.engine.Settings(), "volume.tif", 512L << 20);
	}

	/**
	 * Object 1 is clicked on slice 1; from slice 6 a brighter neighbour touches it, which the
	 * embedded attention carries together with it as one region. Clicking the neighbour (object 3)
	 * on slice 8 used to end object 1 there, its half of the split region overlapping the merged
	 * one too little, and object 3 took its place on the slices after. Object 1 now goes on.
	 */
	@Test
	void clickingATouchingNeighbourDoesNotEndTheObjectItWasCarriedWith() throws Exception {
		ij.ImageStack st = new ij.ImageStack(128, 128);
		for (int i = 1; i <= 12; i++) {
			ij.process.ShortProcessor sp = new ij.process.ShortProcessor(128, 128);
			sp.setColor(800);
			sp.fillOval(15 + i, 20, 30, 30);
			if (i >= 3 && i <= 10) sp.fillOval(75, 75, 25, 25);
			if (i >= 6) {
				sp.setColor(1200);
				sp.fillOval(15 + i + 29, 20, 20, 30);
			}
			st.addSlice(sp);
		}
		ImagePlus imp = new ImagePlus("touching", st);
		imp.setDimensions(1, 12, 1);
		Path image = dir.resolve("touching.tif"), csv = dir.resolve("touching.csv"), out = dir.resolve("touching-labels.tif");
		ImageFiles.saveTiff(imp, image);
		Files.writeString(csv, "x,y,z,label\n30,35,1,1\n87,87,5,2\n5,120,1,0\n62,35,8,3\n");
		SegmentCommandTest.Run r = SegmentCommandTest.run("segment", "--image", image.toString(), "--points", csv.toString(), "--propagate",
			"--resolution", "32", "--out", out.toString());
		assertEquals(0, r.code, r.err);
		ImagePlus labels = IJ.openImage(out.toString());
		for (int z = 1; z <= 12; z++) {
			// object 1's centre moves one pixel per slice
			int centre = labels.getStack().getProcessor(z).get(30 + z, 35);
			assertEquals(1, centre, "slice " + z + " at object 1's centre: " + r.out);
		}
		assertEquals(3, labels.getStack().getProcessor(8).get(62, 35), "the clicked neighbour on slice 8");
	}
}
