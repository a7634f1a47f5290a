package io.github.m2n2.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ShortProcessor;

import io.github.m2n2.cli.SegmentCommandTest.Run;
import io.github.m2n2.io.AtomicFiles;
import io.github.m2n2.io.ImageFiles;
import io.github.m2n2.sample.SyntheticNuclei;

class BatchCommandTest {

	@TempDir
	Path dir;
	Path images, out;

	/** Four images with two clicked nuclei each, one image without points. */
	@BeforeEach
	void writeFolder() throws Exception {
		images = Files.createDirectories(dir.resolve("images"));
		out = dir.resolve("out");
		for (int i = 0; i < 5; i++) {
			SyntheticNuclei s = SyntheticNuclei.generate(72, 64, 3, 11 + i);
			ImageFiles.saveTiff(new ImagePlus("n", new ShortProcessor(72, 64, s.pixels, null)), images.resolve("img" + i + ".tif"));
			if (i == 4) continue;
			int[] a = s.centre(s.nuclei.get(0)), b = s.centre(s.nuclei.get(1));
			Files.writeString(images.resolve("img" + i + ".csv"), "x,y,label\n" + a[0] + "," + a[1] + ",1\n" + b[0] + "," + b[1] + ",2\n1,1,0\n");
		}
	}

	private static Run run(String... args) {
		return SegmentCommandTest.run(args);
	}

	private Run batch(String... more) {
		List<String> args = new ArrayList<>(List.of("batch", "--images", images.toString(), "--out", out.toString(), "--resolution", "12"));
		args.addAll(List.of(more));
		return run(args.toArray(new String[0]));
	}

	private static short[] pixels(Path tif) {
		ImagePlus imp = IJ.openImage(tif.toString());
		assertEquals(16, imp.getBitDepth(), tif.toString());
		return (short[]) imp.getProcessor().getPixels();
	}

	/** The summary rows of the single summary file whose name contains {@code part}, by image. */
	private Map<String, String[]> summary(String part) throws Exception {
		List<Path> files;
		try (Stream<Path> s = Files.list(out)) {
			files = s.filter(p -> p.getFileName().toString().startsWith("m2n2-batch-") && p.getFileName().toString().contains(part)).collect(Collectors.toList());
		}
		assertEquals(1, files.size(), files.toString());
		List<String> lines = Files.readAllLines(files.get(0));
		assertEquals("image,status,objects,pixels_per_label,seconds,output,message", lines.get(0));
		Map<String, String[]> rows = new HashMap<>();
		for (String line : lines.subList(1, lines.size())) {
			String[] f = line.split(",", 7);
			rows.put(f[0], f);
		}
		Files.delete(files.get(0));
		return rows;
	}

	@Test
	void batchLabelsEqualSegmentLabels() throws Exception {
		Run r = batch();
		assertEquals(0, r.code, r.err + r.out);
		for (int i = 0; i < 4; i++) {
			Path single = dir.resolve("single" + i + ".tif");
			Run s = run("segment", "--image", images.resolve("img" + i + ".tif").toString(), "--points", images.resolve("img" + i + ".csv").toString(),
				"--resolution", "12", "--out", single.toString());
			assertEquals(0, s.code, s.err);
			short[] expected = pixels(single);
			assertArrayEquals(expected, pixels(out.resolve("img" + i + "-labels.tif")), "img" + i);
			Set<Short> labels = new HashSet<>();
			for (short v : expected) labels.add(v);
			assertTrue(labels.contains((short) 1) && labels.contains((short) 2), "two objects in img" + i);
		}
		Map<String, String[]> rows = summary("");
		assertEquals(5, rows.size());
		assertEquals("done", rows.get("img0.tif")[1]);
		assertEquals("2", rows.get("img0.tif")[2]);
		assertTrue(rows.get("img0.tif")[3].matches("0:\\d+ 1:\\d+ 2:\\d+"), rows.get("img0.tif")[3]);
		assertEquals("skipped", rows.get("img4.tif")[1]);
		assertTrue(rows.get("img4.tif")[6].contains("no points"), rows.get("img4.tif")[6]);
		assertFalse(Files.exists(out.resolve("img4-labels.tif")));
	}

	@Test
	void resumeSkipsFinishedImagesRedoesADeletedOneAndCleansOnlyItsOwnLeftovers() throws Exception {
		assertEquals(0, batch().code);
		summary("");
		FileTime old = FileTime.fromMillis(1_000_000_000L);
		for (int i = 0; i < 4; i++) Files.setLastModifiedTime(out.resolve("img" + i + "-labels.tif"), old);
		Files.delete(out.resolve("img2-labels.tif"));
		// what a killed run leaves: a temporary label file, a temporary summary; and files not ours
		Path leftover = AtomicFiles.temporarySibling(out.resolve("img2-labels.tif"));
		Path summaryLeftover = AtomicFiles.temporarySibling(out.resolve("m2n2-batch-20260101-120000.csv"));
		Path foreign = Files.writeString(out.resolve(".notes.txt.123.part"), "user's");
		Path otherShard = AtomicFiles.temporarySibling(out.resolve("m2n2-batch-20260101-120000-shard-2-of-3.csv"));

		Run r = batch();
		assertEquals(0, r.code, r.err + r.out);
		assertTrue(Files.exists(out.resolve("img2-labels.tif")));
		assertTrue(Files.getLastModifiedTime(out.resolve("img2-labels.tif")).compareTo(old) > 0, "img2 was redone");
		for (int i : new int[] { 0, 1, 3 }) assertEquals(old, Files.getLastModifiedTime(out.resolve("img" + i + "-labels.tif")), "img" + i + " kept");
		Map<String, String[]> rows = summary("");
		assertEquals("done", rows.get("img2.tif")[1]);
		assertEquals("skipped", rows.get("img0.tif")[1]);
		assertTrue(rows.get("img0.tif")[6].contains("output exists"));
		assertFalse(Files.exists(leftover), "own temporary label file removed");
		assertFalse(Files.exists(summaryLeftover), "own temporary summary removed");
		assertTrue(Files.exists(foreign) && Files.exists(otherShard), "files of others kept");
		assertTrue(r.out.contains("1 done, 4 skipped, 0 failed"), r.out);
	}

	@Test
	void badImagesAndCsvsAreReportedAndTheRestProceeds() throws Exception {
		Files.writeString(images.resolve("img1.csv"), "x,y\n1,2\n");
		Files.writeString(images.resolve("img2.csv"), "x,y,label\n500,5,1\n");
		Files.writeString(images.resolve("img3.tif"), "not a tiff at all");
		Run r = batch();
		assertEquals(1, r.code, r.err + r.out);
		Map<String, String[]> rows = summary("");
		assertEquals("done", rows.get("img0.tif")[1]);
		assertTrue(Files.exists(out.resolve("img0-labels.tif")));
		for (int i = 1; i <= 3; i++) {
			assertEquals("failed", rows.get("img" + i + ".tif")[1], "img" + i);
			assertFalse(Files.exists(out.resolve("img" + i + "-labels.tif")), "no output for img" + i);
		}
		assertTrue(rows.get("img1.tif")[6].contains("header x,y,label"), rows.get("img1.tif")[6]);
		assertTrue(rows.get("img2.tif")[6].contains("outside"), rows.get("img2.tif")[6]);
		assertTrue(rows.get("img3.tif")[6].contains("img3.tif"), rows.get("img3.tif")[6]);
		assertTrue(r.out.contains("1 done, 1 skipped, 3 failed"), r.out);
		try (Stream<Path> s = Files.list(out)) {
			assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no temporary files left");
		}
	}

	@Test
	void shardsTogetherDoEveryImageOnce() throws Exception {
		Set<String> seen = new HashSet<>();
		for (int i = 1; i <= 3; i++) {
			Run r = batch("--shard", i + "/3");
			assertEquals(0, r.code, r.err + r.out);
			for (String image : summary("-shard-" + i + "-of-3").keySet()) assertTrue(seen.add(image), image + " twice");
		}
		assertEquals(Set.of("img0.tif", "img1.tif", "img2.tif", "img3.tif", "img4.tif"), seen);
		for (int i = 0; i < 4; i++) assertTrue(Files.exists(out.resolve("img" + i + "-labels.tif")));
	}

	@Test
	void precomputedAttentionGivesTheSameLabels() throws Exception {
		Path attention = dir.resolve("attention");
		Run a = run("attention", "--images", images.toString(), "--out", attention.toString(), "--resolution", "12", "--shard", "1/1");
		assertEquals(0, a.code, a.err + a.out);
		for (int i = 0; i < 5; i++) assertTrue(Files.exists(attention.resolve("img" + i + ".npy")), "img" + i + ".npy");
		assertEquals(0, batch().code);
		Path fromFiles = dir.resolve("from-files");
		Run b = run("batch", "--images", images.toString(), "--out", fromFiles.toString(), "--attention-dir", attention.toString());
		assertEquals(0, b.code, b.err + b.out);
		for (int i = 0; i < 4; i++)
			assertArrayEquals(pixels(out.resolve("img" + i + "-labels.tif")), pixels(fromFiles.resolve("img" + i + "-labels.tif")), "img" + i);
		Files.delete(attention.resolve("img1.npy"));
		Files.delete(fromFiles.resolve("img1-labels.tif"));
		Run c = run("batch", "--images", images.toString(), "--out", fromFiles.toString(), "--attention-dir", attention.toString());
		assertEquals(1, c.code);
		assertTrue(c.out.contains("img1.tif: failed") && c.out.contains("img1.npy"), c.out);
	}

	@Test
	void stacksTakeTheStackPathOfSegment() throws Exception {
		ij.ImageStack stack = new ij.ImageStack(72, 64);
		SyntheticNuclei middle = null;
		for (int z = 0; z < 3; z++) {
			SyntheticNuclei s = SyntheticNuclei.generate(72, 64, 3, 40 + z);
			if (z == 1) middle = s;
			stack.addSlice(new ShortProcessor(72, 64, s.pixels, null));
		}
		ImagePlus imp = new ImagePlus("stack", stack);
		imp.setDimensions(1, 3, 1);
		ImageFiles.saveTiff(imp, images.resolve("vol.tif"));
		int[] a = middle.centre(middle.nuclei.get(0));
		Files.writeString(images.resolve("vol.csv"), "x,y,z,label\n" + a[0] + "," + a[1] + ",2,1\n1,1,2,0\n");
		Run r = batch();
		assertEquals(0, r.code, r.err + r.out);
		Path single = dir.resolve("vol-single.tif");
		Run s = run("segment", "--image", images.resolve("vol.tif").toString(), "--points", images.resolve("vol.csv").toString(), "--resolution", "12",
			"--out", single.toString());
		assertEquals(0, s.code, s.err);
		ImagePlus expected = IJ.openImage(single.toString()), actual = IJ.openImage(out.resolve("vol-labels.tif").toString());
		assertEquals(3, actual.getStackSize());
		for (int z = 1; z <= 3; z++)
			assertArrayEquals((short[]) expected.getStack().getPixels(z), (short[]) actual.getStack().getPixels(z), "slice " + z);
		assertEquals(1, (int) actual.getStack().getProcessor(2).getf(a[0], a[1]));
		String[] row = summary("").get("vol.tif");
		assertEquals("done", row[1]);
		assertEquals("1", row[2]);
	}

	@Test
	void mistakesInTheCommandAreRefusedWithExitTwo() {
		assertEquals(2, batch("--shard", "0/3").code);
		assertEquals(2, run("batch", "--images", dir.resolve("missing").toString(), "--out", out.toString()).code);
		Run r = batch("--attention", "x.npy");
		assertEquals(2, r.code);
		assertTrue(r.err.contains("--attention-dir"), r.err);
	}

	/** a.tif and a.png share a.csv and a-labels.tif: neither is segmented, both are listed with the reason. */
	@Test
	void twoImagesWithOneNameAreBothReported() throws Exception {
		javax.imageio.ImageIO.write(IJ.openImage(images.resolve("img1.tif").toString()).getProcessor().convertToByte(true).getBufferedImage(), "png",
			images.resolve("img1.png").toFile());
		Run r = batch();
		assertEquals(1, r.code, r.out + r.err);
		Map<String, String[]> rows = summary("");
		for (String image : new String[] { "img1.png", "img1.tif" }) {
			assertEquals("failed", rows.get(image)[1], image);
			assertTrue(rows.get(image)[6].contains("share the name img1"), rows.get(image)[6]);
		}
		assertFalse(Files.exists(out.resolve("img1-labels.tif")));
		assertEquals("done", rows.get("img2.tif")[1]);
	}

	/** The summary is checked before any image: its folder must exist, and an earlier run's summary is kept. */
	@Test
	void theSummaryFileIsCheckedFirst() throws Exception {
		Run noFolder = batch("--summary", dir.resolve("nowhere/s.csv").toString());
		assertEquals(2, noFolder.code, noFolder.err);
		assertTrue(noFolder.err.contains("does not exist"), noFolder.err);
		Path earlier = dir.resolve("earlier.csv");
		Files.writeString(earlier, "an earlier run");
		Run kept = batch("--summary", earlier.toString());
		assertEquals(2, kept.code, kept.err);
		assertTrue(kept.err.contains("already exists; pass --overwrite"), kept.err);
		assertEquals("an earlier run", Files.readString(earlier));
		assertFalse(Files.exists(out.resolve("img0-labels.tif")), "refused before any image");
	}

	/** A two-channel image without --channel is one failed row; the others are done. */
	@Test
	void aMultiChannelImageWithoutItsChannelFailsAlone() throws Exception {
		ij.ImageStack two = new ij.ImageStack(72, 64);
		two.addSlice(new ShortProcessor(72, 64));
		two.addSlice(IJ.openImage(images.resolve("img0.tif").toString()).getProcessor());
		ImagePlus imp = new ImagePlus("two", two);
		imp.setDimensions(2, 1, 1);
		ImageFiles.saveTiff(new ij.CompositeImage(imp, ij.CompositeImage.GRAYSCALE), images.resolve("img0.tif"));
		Run r = batch();
		assertEquals(1, r.code, r.out + r.err);
		Map<String, String[]> rows = summary("");
		assertEquals("failed", rows.get("img0.tif")[1]);
		assertTrue(String.join(",", rows.get("img0.tif")).contains("has 2 channels"), String.join(",", rows.get("img0.tif")));
		assertEquals("done", rows.get("img1.tif")[1]);
		// --channel 2 for the folder: the two-channel image gives the labels of its second channel on
		// its own (the one-channel images keep their labels of the first run)
		Path alone = dir.resolve("alone.tif");
		ImageFiles.saveTiff(new ImagePlus("one", two.getProcessor(2)), alone);
		Path aloneLabels = dir.resolve("alone-labels.tif");
		assertEquals(0, run("segment", "--image", alone.toString(), "--points", images.resolve("img0.csv").toString(), "--resolution", "12",
			"--out", aloneLabels.toString()).code);
		Run second = batch("--channel", "2");
		assertEquals(0, second.code, second.out + second.err);
		rows = summary("");
		assertEquals("done", rows.get("img0.tif")[1]);
		assertArrayEquals(pixels(aloneLabels), pixels(out.resolve("img0-labels.tif")));
		assertEquals("skipped", rows.get("img1.tif")[1], "its labels exist from the first run");
	}

}
