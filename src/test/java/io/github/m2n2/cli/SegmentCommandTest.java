package io.github.m2n2.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ij.ImagePlus;
import ij.IJ;
import ij.process.ShortProcessor;

import io.github.m2n2.io.ImageFiles;
import io.github.m2n2.io.NpyArray;
import io.github.m2n2.sample.SyntheticNuclei;

class SegmentCommandTest {

	@TempDir
	static Path dir;
	static Path image;
	static SyntheticNuclei sample;

	@BeforeAll
	static void writeSample() throws Exception {
		sample = SyntheticNuclei.generate(96, 96, 4, 3);
		image = dir.resolve("nuclei.tif");
		ImageFiles.saveTiff(new ImagePlus("n", new ShortProcessor(96, 96, sample.pixels, null)), image);
	}

	static final class Run {
		int code;
		String out, err;
	}

	static Run run(String... args) {
		ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
		Run r = new Run();
		r.code = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
		r.out = o.toString(StandardCharsets.UTF_8);
		r.err = e.toString(StandardCharsets.UTF_8);
		return r;
	}

	@Test
	void segmentsSeveralObjectsIntoA16BitLabelTiff() {
		Path out = dir.resolve("labels.tif");
		int[] a = sample.centre(sample.nuclei.get(0)), b = sample.centre(sample.nuclei.get(1));
		Run r = run("segment", "--image", image.toString(), "--point", a[0] + "," + a[1] + ",1", "--point", b[0] + "," + b[1] + ",2",
			"--point", "1,1,0", "--resolution", "16", "--out", out.toString());
		assertEquals(0, r.code, r.err);
		assertTrue(r.out.contains("2 objects"), r.out);
		ImagePlus labels = IJ.openImage(out.toString());
		assertEquals(16, labels.getBitDepth());
		assertEquals(96, labels.getWidth());
		assertEquals(1, (int) labels.getProcessor().getf(a[0], a[1]));
		assertEquals(2, (int) labels.getProcessor().getf(b[0], b[1]));
		assertEquals(0, (int) labels.getProcessor().getf(1, 1));
	}

	@Test
	void readsPointsFromCsvAndWritesDistances() throws Exception {
		Path csv = dir.resolve("points.csv");
		int[] a = sample.centre(sample.nuclei.get(2));
		Files.writeString(csv, "x,y,label\n" + a[0] + "," + a[1] + ",7\n");
		Path out = dir.resolve("csv-labels.tif"), dist = dir.resolve("dist.tif");
		Run r = run("segment", "--image", image.toString(), "--points", csv.toString(), "--resolution", "16", "--out", out.toString(),
			"--distances-out", dist.toString());
		assertEquals(0, r.code, r.err);
		assertEquals(7, (int) IJ.openImage(out.toString()).getProcessor().getf(a[0], a[1]));
		ImagePlus d = IJ.openImage(dist.toString());
		assertEquals(32, d.getBitDepth());
		assertEquals(0f, d.getProcessor().getf(a[0], a[1]), 1e-6);
	}

	/**
	 * A two-channel image whose first channel is flat noise and whose second holds the nuclei:
	 * without --channel it is refused (segmenting channel 1 silently gave garbage), with
	 * --channel 2 the labels are those of the second channel on its own.
	 */
	@Test
	void aMultiChannelImageNeedsItsChannelNamed() throws Exception {
		short[] noise = new short[96 * 96];
		java.util.Random rnd = new java.util.Random(5);
		for (int i = 0; i < noise.length; i++) noise[i] = (short) (100 + rnd.nextInt(20));
		ij.ImageStack stack = new ij.ImageStack(96, 96);
		stack.addSlice("noise", new ShortProcessor(96, 96, noise, null));
		stack.addSlice("nuclei", new ShortProcessor(96, 96, sample.pixels.clone(), null));
		ImagePlus two = new ImagePlus("two", stack);
		two.setDimensions(2, 1, 1);
		Path twoPath = dir.resolve("two-channels.tif");
		ImageFiles.saveTiff(new ij.CompositeImage(two, ij.CompositeImage.COLOR), twoPath);
		int[] a = sample.centre(sample.nuclei.get(0));
		String point = a[0] + "," + a[1] + ",1";
		Path out = dir.resolve("two-labels.tif");
		Run refused = run("segment", "--image", twoPath.toString(), "--point", point, "--resolution", "16", "--out", out.toString());
		assertEquals(2, refused.code, refused.err);
		assertTrue(refused.err.contains("has 2 channels") && refused.err.contains("--channel"), refused.err);
		assertFalse(Files.exists(out));
		Run beyond = run("segment", "--image", twoPath.toString(), "--point", point, "--channel", "3", "--out", out.toString());
		assertEquals(2, beyond.code, beyond.err);
		assertTrue(beyond.err.contains("--channel 3 is not one of them"), beyond.err);

		Run r = run("segment", "--image", twoPath.toString(), "--point", point, "--channel", "2", "--resolution", "16", "--out", out.toString());
		assertEquals(0, r.code, r.err);
		Path alone = dir.resolve("alone-labels.tif");
		assertEquals(0, run("segment", "--image", image.toString(), "--point", point, "--resolution", "16", "--out", alone.toString()).code);
		short[] got = (short[]) IJ.openImage(out.toString()).getProcessor().getPixels();
		short[] want = (short[]) IJ.openImage(alone.toString()).getProcessor().getPixels();
		org.junit.jupiter.api.Assertions.assertArrayEquals(want, got);
		assertEquals(1, (int) IJ.openImage(out.toString()).getProcessor().getf(a[0], a[1]));
	}

	/**
	 * One dead (NaN) pixel under the click of a 32-bit image used to leave the object a region of
	 * that one pixel; it now takes its neighbours' mean, and the object is found as without it.
	 */
	@Test
	void aDeadPixelUnderTheClickKeepsTheObject() throws Exception {
		int[] a = sample.centre(sample.nuclei.get(0));
		float[] f = new float[sample.pixels.length];
		for (int i = 0; i < f.length; i++) f[i] = sample.pixels[i] & 0xffff;
		Path clean = dir.resolve("float.tif"), dead = dir.resolve("float-dead.tif");
		ImageFiles.saveTiff(new ImagePlus("f", new ij.process.FloatProcessor(96, 96, f.clone())), clean);
		f[a[1] * 96 + a[0]] = Float.NaN;
		for (int x = 0; x < 96; x++) f[(a[1] + 3) * 96 + x] = Float.POSITIVE_INFINITY; // and a dead row through it
		ImageFiles.saveTiff(new ImagePlus("f", new ij.process.FloatProcessor(96, 96, f)), dead);
		for (String grey : new String[] { "stretch", "minmax" }) {
			Path o1 = dir.resolve("clean-" + grey + ".tif"), o2 = dir.resolve("dead-" + grey + ".tif");
			String point = a[0] + "," + a[1] + ",1";
			assertEquals(0, run("segment", "--image", clean.toString(), "--point", point, "--point", "1,1,0", "--grey", grey, "--resolution", "16",
				"--out", o1.toString()).code);
			Run r = run("segment", "--image", dead.toString(), "--point", point, "--point", "1,1,0", "--grey", grey, "--resolution", "16", "--out",
				o2.toString());
			assertEquals(0, r.code, r.err);
			short[] p1 = (short[]) IJ.openImage(o1.toString()).getProcessor().getPixels();
			short[] p2 = (short[]) IJ.openImage(o2.toString()).getProcessor().getPixels();
			int both = 0, either = 0;
			for (int i = 0; i < p1.length; i++) {
				if (p1[i] == 1 && p2[i] == 1) both++;
				if (p1[i] == 1 || p2[i] == 1) either++;
			}
			assertTrue(both > 50 && both >= 0.9 * either, grey + ": " + both + " of " + either);
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
		"missing image|--image,NOPE.tif,--point,5,5,1|does not exist",
		"unreadable image|--image,NOTIMAGE,--point,5,5,1|not an image",
		"no points|--image,IMAGE|no points given",
		"no object point|--image,IMAGE,--point,5,5,0|at least one object point",
		"point outside|--image,IMAGE,--point,96,5,1|outside the 96 x 96 image",
		"malformed point|--image,IMAGE,--point,5;5;1|malformed point",
		"negative label|--image,IMAGE,--point,5,5,-1|label must lie",
		"corrupt attention|--image,IMAGE,--point,5,5,1,--attention,CORRUPT|not a NumPy",
		"wrong-shaped attention|--image,IMAGE,--point,5,5,1,--attention,WRONGSHAPE|must be (r, r, r, r)",
		"negative attention|--image,IMAGE,--point,5,5,1,--attention,NEGATIVE|negative",
		"non-finite attention|--image,IMAGE,--point,5,5,1,--attention,NAN|not finite",
		"not row-stochastic|--image,IMAGE,--point,5,5,1,--attention,ROWSUM|not 1",
		"unknown option|--image,IMAGE,--point,5,5,1,--colour,red|unknown option --colour",
		"bad setting|--image,IMAGE,--point,5,5,1,--temperature,0|temperature must be" })
	void badInputGivesExitTwoAMessageAndNoOutput(String name, String args, String message) throws Exception {
		Path out = dir.resolve("bad-" + name.replace(' ', '-') + ".tif");
		String[] parts = args.split(",");
		java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of("segment"));
		for (int i = 0; i < parts.length; i++) {
			String p = parts[i];
			if (p.equals("--point") && i + 3 < parts.length + 0 && !parts[i + 1].contains(";")) {
				argv.add(p);
				argv.add(parts[i + 1] + "," + parts[i + 2] + "," + parts[i + 3]);
				i += 3;
				continue;
			}
			argv.add(resolve(p));
		}
		argv.add("--out");
		argv.add(out.toString());
		Run r = run(argv.toArray(new String[0]));
		assertEquals(2, r.code, r.out + r.err);
		assertTrue(r.err.contains(message), r.err);
		assertEquals(1, r.err.strip().lines().count(), "one line: " + r.err);
		assertFalse(Files.exists(out), "no output file");
		try (var files = Files.list(dir)) {
			assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".part")), "no temporary file left");
		}
	}

	@Test
	void refusesToOverwriteWithoutPermission() throws Exception {
		Path out = dir.resolve("existing.tif");
		Files.writeString(out, "precious");
		Run r = run("segment", "--image", image.toString(), "--point", "40,40,1", "--out", out.toString());
		assertEquals(2, r.code);
		assertTrue(r.err.contains("--overwrite"), r.err);
		assertEquals("precious", Files.readString(out));
		Run r2 = run("segment", "--image", image.toString(), "--point", "40,40,1", "--out", image.toString(), "--overwrite");
		assertEquals(2, r2.code);
		assertTrue(r2.err.contains("would replace the input"), r2.err);
		// nor the points file, with or without --overwrite
		Path csv = dir.resolve("keep-points.csv");
		Files.writeString(csv, "x,y,label\n40,40,1\n");
		for (String option : new String[] { "--out", "--distances-out" }) {
			java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of("segment", "--image", image.toString(), "--points",
				csv.toString(), "--overwrite", option, csv.toString()));
			if (option.equals("--distances-out")) argv.addAll(java.util.List.of("--out", dir.resolve("other.tif").toString()));
			Run r3 = run(argv.toArray(new String[0]));
			assertEquals(2, r3.code, r3.err);
			assertTrue(r3.err.contains("would replace the input " + csv) || r3.err.contains("ending in .tif"), r3.err);
		}
		assertEquals("x,y,label\n40,40,1\n", Files.readString(csv));
	}

	/** The name says the format: labels are TIFFs, and the two outputs of a run are two files. */
	@Test
	void outputNamesMustFitWhatIsWritten() {
		Run png = run("segment", "--image", image.toString(), "--point", "40,40,1", "--out", dir.resolve("labels.png").toString());
		assertEquals(2, png.code);
		assertTrue(png.err.contains("written as a TIFF; give a name ending in .tif"), png.err);
		assertFalse(Files.exists(dir.resolve("labels.png")));
		Path same = dir.resolve("same.tif");
		Run both = run("segment", "--image", image.toString(), "--point", "40,40,1", "--out", same.toString(), "--distances-out", same.toString());
		assertEquals(2, both.code);
		assertTrue(both.err.contains("--out and --distances-out name the same file"), both.err);
		assertFalse(Files.exists(same));
	}

	private static String resolve(String token) throws Exception {
		switch (token) {
			case "IMAGE": return image.toString();
			case "NOPE.tif": return dir.resolve("nope.tif").toString();
			case "NOTIMAGE": {
				Path p = dir.resolve("notes.txt");
				Files.writeString(p, "hello");
				return p.toString();
			}
			case "CORRUPT": {
				Path p = dir.resolve("corrupt.npy");
				Files.write(p, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 });
				return p.toString();
			}
			case "WRONGSHAPE": return npy("wrong.npy", new float[12], 3, 4);
			case "NEGATIVE": return npy("negative.npy", rowStochastic(-1f), 4, 4);
			case "NAN": return npy("nan.npy", rowStochastic(Float.NaN), 4, 4);
			case "ROWSUM": {
				float[] v = rowStochastic(0.25f);
				v[5] = 0.9f;
				return npy("rowsum.npy", v, 4, 4);
			}
			default: return token;
		}
	}

	/** A 2x2-grid attention (4 x 4), uniform rows, with the first value replaced. */
	private static float[] rowStochastic(float first) {
		float[] v = new float[16];
		java.util.Arrays.fill(v, 0.25f);
		v[0] = first;
		return v;
	}

	private static String npy(String name, float[] data, long... shape) throws Exception {
		Path p = dir.resolve(name);
		NpyArray.write(p, data, shape);
		return p.toString();
	}
}
