package io.github.m2n2.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ShortProcessor;

class EvaluateCommandTest {

	@TempDir
	Path dir;

	private static final class Result {
		int code;
		String out, err;

		String lastLine() {
			String[] lines = out.trim().split("\n");
			return lines[lines.length - 1];
		}
	}

	private static Result run(String... argv) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		Result r = new Result();
		r.code = Main.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
		r.out = out.toString(StandardCharsets.UTF_8);
		r.err = err.toString(StandardCharsets.UTF_8);
		return r;
	}

	/** Three 64 x 48 colour images of a bright disk on a textured background, with GrabCut-style masks. */
	private Path binaryDataset() throws Exception {
		Path root = dir.resolve("binary");
		Files.createDirectories(root.resolve("images"));
		Files.createDirectories(root.resolve("masks"));
		Random rnd = new Random(1);
		for (int k = 0; k < 3; k++) {
			int w = 64, h = 48, cx = 20 + 10 * k, cy = 24, radius = 10 + k;
			BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
			BufferedImage mask = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					double r = Math.hypot(x - cx, y - cy);
					boolean in = r <= radius;
					int noise = rnd.nextInt(20);
					img.setRGB(x, y, in ? (220 + noise / 2) << 16 | (60 + noise) << 8 | 40 : (40 + noise) << 16 | (90 + noise) << 8 | 160);
					int m = Math.abs(r - radius) < 1 ? 128 : in ? 255 : 0;
					mask.getRaster().setSample(x, y, 0, m);
				}
			ImageIO.write(img, "png", root.resolve("images/img" + k + ".png").toFile());
			ImageIO.write(mask, "png", root.resolve("masks/img" + k + ".png").toFile());
		}
		return root;
	}

	@Test
	void evaluatesATinyDatasetAndWritesTheReport() throws Exception {
		Path root = binaryDataset();
		Path report = dir.resolve("report.json"), plot = dir.resolve("plot.png");
		Result r = run("evaluate", "--dataset", root.toString(), "--resolution", "8", "--max-clicks", "3", "--out", report.toString(),
			"--plot", plot.toString());
		assertEquals(0, r.code, r.err);
		assertTrue(r.lastLine().matches("NoC85 \\d+\\.\\d\\d NoC90 \\d+\\.\\d\\d NoC95 \\d+\\.\\d\\d over 3 objects"), r.lastLine());
		String json = Files.readString(report);
		for (String key : new String[] { "\"NoC85\":", "\"NoC90\":", "\"NoC95\":", "\"objects\": 3", "\"mIoU\":", "\"perObject\":" })
			assertTrue(json.contains(key), key + " in " + json);
		// one mean IoU per click
		String miou = json.substring(json.indexOf("\"mIoU\""), json.indexOf(']', json.indexOf("\"mIoU\"")));
		assertEquals(3, miou.split(",").length, miou);
		if (report.getFileSystem().supportedFileAttributeViews().contains("posix"))
			assertTrue(Files.getPosixFilePermissions(report).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ),
				"the report is readable by others, not left private like a temporary file");
		BufferedImage png = ImageIO.read(plot.toFile());
		assertTrue(png.getWidth() > 100 && png.getHeight() > 100);

		// outputs are not overwritten without --overwrite
		Result again = run("evaluate", "--dataset", root.toString(), "--resolution", "8", "--max-clicks", "3", "--out", report.toString());
		assertEquals(2, again.code);
		assertTrue(again.err.contains("--overwrite"), again.err);
	}

	@Test
	void labelImagesAreSplitIntoObjects() throws Exception {
		Path root = dir.resolve("labels");
		Files.createDirectories(root.resolve("images"));
		Files.createDirectories(root.resolve("masks"));
		int w = 64, h = 64;
		short[] pixels = new short[w * h], labels = new short[w * h];
		int[][] centres = { { 16, 16 }, { 46, 20 }, { 30, 46 } };
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				pixels[y * w + x] = 300;
				for (int k = 0; k < centres.length; k++)
					if (Math.hypot(x - centres[k][0], y - centres[k][1]) <= 8) {
						labels[y * w + x] = (short) (k + 1);
						pixels[y * w + x] = (short) (2000 + 500 * k);
					}
			}
		new FileSaver(new ImagePlus("cells", new ShortProcessor(w, h, pixels, null))).saveAsTiff(root.resolve("images/cells.tif").toString());
		new FileSaver(new ImagePlus("truth", new ShortProcessor(w, h, labels, null))).saveAsTiff(root.resolve("masks/cells.tif").toString());
		Path report = dir.resolve("labels.json");
		Result r = run("evaluate", "--dataset", root.toString(), "--labels", "--resolution", "8", "--max-clicks", "2", "--out",
			report.toString());
		assertEquals(0, r.code, r.err);
		assertTrue(r.lastLine().endsWith("over 3 objects"), r.lastLine());
		String json = Files.readString(report);
		for (int k = 1; k <= 3; k++) assertTrue(json.contains("\"label\": " + k), "object " + k);

		// without --labels the same mask is one object (every non-zero value)
		Result single = run("evaluate", "--dataset", root.toString(), "--resolution", "8", "--max-clicks", "1", "--out",
			dir.resolve("single.json").toString());
		assertEquals(0, single.code, single.err);
		assertTrue(single.lastLine().endsWith("over 1 objects"), single.lastLine());
	}

	@Test
	void workflowClicksEveryObjectOnceInOneSession() throws Exception {
		Path root = dir.resolve("wf");
		Files.createDirectories(root.resolve("images"));
		Files.createDirectories(root.resolve("masks"));
		int w = 64, h = 64;
		short[] pixels = new short[w * h], labels = new short[w * h];
		int[][] centres = { { 16, 16 }, { 46, 20 }, { 30, 46 } };
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				pixels[y * w + x] = 300;
				for (int k = 0; k < centres.length; k++)
					if (Math.hypot(x - centres[k][0], y - centres[k][1]) <= 8) {
						labels[y * w + x] = (short) (k + 1);
						pixels[y * w + x] = (short) 2000;
					}
			}
		new FileSaver(new ImagePlus("cells", new ShortProcessor(w, h, pixels, null))).saveAsTiff(root.resolve("images/cells.tif").toString());
		new FileSaver(new ImagePlus("truth", new ShortProcessor(w, h, labels, null))).saveAsTiff(root.resolve("masks/cells.tif").toString());
		Path report = dir.resolve("wf.json");
		Result r = run("evaluate", "--dataset", root.toString(), "--labels", "--workflow", "--max-clicks", "0", "--resolution", "16",
			"--out", report.toString());
		assertEquals(0, r.code, r.err);
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("workflow mIoU (\\d\\.\\d+) found (\\d\\.\\d+) over 3 objects").matcher(r.lastLine());
		assertTrue(m.matches(), r.lastLine());
		// three well separated bright disks, each clicked: every one is found
		assertEquals(1.0, Double.parseDouble(m.group(2)), 1e-9, r.out);
		assertTrue(Double.parseDouble(m.group(1)) > 0.7, r.lastLine());
		String json = Files.readString(report);
		assertTrue(json.contains("\"workflow\"") && json.contains("\"clicks\": 4") && !json.contains("\"NoC85\""), json);

		// with NoC clicks the NoC line comes last and the workflow line before it
		Result both = run("evaluate", "--dataset", root.toString(), "--labels", "--workflow", "--max-clicks", "1", "--resolution", "16",
			"--out", dir.resolve("both.json").toString());
		assertEquals(0, both.code, both.err);
		assertTrue(both.lastLine().startsWith("NoC85"), both.out);
		assertTrue(both.out.contains("workflow mIoU"), both.out);

		Result noLabels = run("evaluate", "--dataset", root.toString(), "--workflow", "--out", dir.resolve("x.json").toString());
		assertEquals(2, noLabels.code);
		assertTrue(noLabels.err.contains("--labels"), noLabels.err);
		Result nothing = run("evaluate", "--dataset", root.toString(), "--labels", "--max-clicks", "0", "--out", dir.resolve("y.json").toString());
		assertEquals(2, nothing.code);
		assertTrue(nothing.err.contains("--workflow"), nothing.err);
		Result badGrey = run("evaluate", "--dataset", root.toString(), "--labels", "--grey", "log", "--out", dir.resolve("z.json").toString());
		assertEquals(2, badGrey.code);
		assertTrue(badGrey.err.contains("--grey"), badGrey.err);
	}

	@Test
	void clearErrorsForBadDatasets() throws Exception {
		Result missing = run("evaluate", "--dataset", dir.resolve("nowhere").toString(), "--out", dir.resolve("a.json").toString());
		assertEquals(2, missing.code);
		assertTrue(missing.err.contains("does not exist"), missing.err);

		Path root = binaryDataset();
		Files.delete(root.resolve("masks/img1.png"));
		Result noMask = run("evaluate", "--dataset", root.toString(), "--out", dir.resolve("b.json").toString());
		assertEquals(2, noMask.code);
		assertTrue(noMask.err.contains("img1.png has no mask"), noMask.err);
		assertEquals(1, noMask.err.trim().split("\n").length, "one line: " + noMask.err);

		Files.createDirectories(dir.resolve("empty/images"));
		Result noMasksFolder = run("evaluate", "--dataset", dir.resolve("empty").toString(), "--out", dir.resolve("c.json").toString());
		assertEquals(2, noMasksFolder.code);
		assertTrue(noMasksFolder.err.contains("no masks/ folder"), noMasksFolder.err);
		assertTrue(!Files.exists(dir.resolve("c.json")));

		// a bad mask at the end of the data set is named before any image is evaluated
		Path late = binaryDataset();
		ImageIO.write(new BufferedImage(10, 10, BufferedImage.TYPE_BYTE_GRAY), "png", late.resolve("masks/img2.png").toFile());
		Result wrongSize = run("evaluate", "--dataset", late.toString(), "--out", dir.resolve("late.json").toString(), "--max-clicks", "2");
		assertEquals(2, wrongSize.code);
		assertTrue(wrongSize.err.contains("img2.png is 10 x 10 but its image is 64 x 48"), wrongSize.err);
		assertTrue(!wrongSize.err.contains("[1/3]") && !wrongSize.out.contains("[1/3]"), "nothing evaluated first: " + wrongSize.err);

		// --labels on a binary 0/255 mask: evaluated, with a note that the blobs count as one object
		Path binary = binaryDataset();
		for (int k = 0; k < 3; k++) {
			Path m = binary.resolve("masks/img" + k + ".png");
			BufferedImage b = ImageIO.read(m.toFile());
			for (int y = 0; y < b.getHeight(); y++)
				for (int x = 0; x < b.getWidth(); x++) if (b.getRaster().getSample(x, y, 0) == 128) b.getRaster().setSample(x, y, 0, 0);
			ImageIO.write(b, "png", m.toFile());
		}
		Result noted = run("evaluate", "--dataset", binary.toString(), "--labels", "--out", dir.resolve("noted.json").toString(), "--max-clicks", "1",
			"--limit", "1", "--resolution", "8");
		assertEquals(0, noted.code, noted.err);
		assertTrue(noted.err.contains("holds only 255: if it is a binary mask"), noted.err);

		// the report never lands among the data set's files, and the plot's name says PNG
		Path image = root.resolve("images/img0.png");
		byte[] before = Files.readAllBytes(image);
		Result onImage = run("evaluate", "--dataset", root.toString(), "--out", image.toString(), "--overwrite");
		assertEquals(2, onImage.code);
		assertTrue(onImage.err.contains("lies in the data set's folder"), onImage.err);
		assertArrayEquals(before, Files.readAllBytes(image));
		Result jpeg = run("evaluate", "--dataset", root.toString(), "--out", dir.resolve("d.json").toString(), "--plot",
			dir.resolve("d.jpg").toString());
		assertEquals(2, jpeg.code);
		assertTrue(jpeg.err.contains("written as a PNG"), jpeg.err);
	}
}
